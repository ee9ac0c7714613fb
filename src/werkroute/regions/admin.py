from django.contrib import admin

from werkroute.regions.models import Municipality, Organisation, PostcodeArea, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "centre_municipality", "national_market"]
    list_filter = ["national_market"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin):
    list_display = ["pc4", "name", "municipality"]
    search_fields = ["pc4", "name", "places"]
    list_select_related = ["municipality"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]
