from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from werkroute.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_demo_account"]
    list_filter = ["is_active", "is_staff", "is_demo_account"]
