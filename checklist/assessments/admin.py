from django.contrib import admin

from checklist.assessments.models import (
    Assessment,
    Item,
    Membership,
    Response,
    ResponseChange,
    Source,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "country", "as_of", "review_state", "revision", "updated_at"]
    list_filter = ["review_state", "country"]
    search_fields = ["title"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [MembershipInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "assessment", "instrument", "lead"]
    list_select_related = ["assessment", "instrument"]
    raw_id_fields = ["assessment", "paragraph"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["item", "assessment_title", "finding", "version", "updated_by", "updated_at"]
    list_filter = ["finding"]
    list_select_related = ["item__assessment", "updated_by"]
    search_fields = ["evidence", "item__text"]
    raw_id_fields = ["item"]
    readonly_fields = ["version", "updated_by", "updated_at"]

    @admin.display(description="assessment")
    def assessment_title(self, response: Response) -> str:
        return response.item.assessment.title


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "file_name", "added_by", "added_at"]
    raw_id_fields = ["response"]


@admin.register(ResponseChange)
class ResponseChangeAdmin(admin.ModelAdmin):
    list_display = ["response", "version", "changed_by", "changed_at", "new_finding"]
    raw_id_fields = ["response"]
