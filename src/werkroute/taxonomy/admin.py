from django.contrib import admin

from werkroute.taxonomy.models import IscoGroup, Occupation, Skill


@admin.register(IscoGroup)
class IscoGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "label"]
    search_fields = ["code", "label"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["preferred_label", "isco_group", "code"]
    search_fields = ["preferred_label", "uri", "code"]
    list_select_related = ["isco_group"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["preferred_label", "skill_type", "label_language"]
    search_fields = ["preferred_label", "uri"]
