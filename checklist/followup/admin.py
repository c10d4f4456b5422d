from django.contrib import admin

from checklist.followup.models import (
    Action,
    FollowUpSettings,
    Indicator,
    Institution,
    InstrumentVote,
    ItemPosition,
    ProgressUpdate,
    Reminder,
)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


class ProgressInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["description", "lead_institution", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["item", "carried_from"]
    inlines = [IndicatorInline, ProgressInline]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "contact_email"]
    list_filter = ["kind", "organisation"]


admin.site.register([FollowUpSettings, InstrumentVote, ItemPosition, Reminder])
