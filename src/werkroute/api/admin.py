"""The delivery log of notifications, for administrators: read-only, no personal data (links only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from werkroute.api.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "subscription", "status", "attempts", "last_status_code", "delivered_at"]
    list_filter = ["status", "subscription__channel"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
