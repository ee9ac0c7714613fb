from __future__ import annotations

from django import template

from werkroute.audit.labels import object_type_label, role_label

register = template.Library()
register.filter("object_type_label", object_type_label)
register.filter("role_label", role_label)
