"""Django admin shows assessments and everything in them, read-only.

Every write to an assessment goes through services.py and workflow.py, which keep the
versions, the history, the audit trail and the approval lock; an admin form would bypass all
of them (an approved assessment's responses changed with no trace).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from checklist.assessments.models import (
    Assessment,
    Item,
    Membership,
    Response,
    ResponseChange,
    Source,
)


class ReadOnly:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MembershipInline(ReadOnly, admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "country", "as_of", "review_state", "revision", "updated_at"]
    list_filter = ["review_state", "country"]
    search_fields = ["title"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [MembershipInline]


@admin.register(Item)
class ItemAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "assessment", "instrument", "lead"]
    list_select_related = ["assessment", "instrument"]
    raw_id_fields = ["assessment", "paragraph"]


@admin.register(Response)
class ResponseAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["item", "assessment_title", "finding", "version", "updated_by", "updated_at"]
    list_filter = ["finding"]
    list_select_related = ["item__assessment", "updated_by"]
    search_fields = ["evidence", "item__text"]
    raw_id_fields = ["item"]
    readonly_fields = ["version", "updated_by", "updated_at"]

    @admin.display(description=gettext_lazy("assessment"))
    def assessment_title(self, response: Response) -> str:
        return response.item.assessment.title


@admin.register(Source)
class SourceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "url", "file_name", "added_by", "added_at"]
    raw_id_fields = ["response"]


@admin.register(ResponseChange)
class ResponseChangeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["response", "version", "changed_by", "changed_at", "new_finding"]
    raw_id_fields = ["response"]
