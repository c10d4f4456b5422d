from django.contrib import admin
from django.db import models

from checklist.instruments.models import AffectedGroup, Instrument, Paragraph, SdgTarget, Theme


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 0
    fields = [
        ("kind", "position", "number"),
        "lead",
        "text",
        "label",
        ("addressee", "checkable"),
        "themes",
        "groups",
        "sdg_targets",
    ]
    filter_horizontal = ["themes", "groups", "sdg_targets"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "language", "title", "body", "adopted_on", "year"]
    list_filter = ["body", "language"]
    search_fields = ["symbol", "title"]
    readonly_fields = ["created_at", "created_by"]
    inlines = [ParagraphInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "label", "addressee", "checkable"]
    list_filter = [
        "kind",
        "addressee",
        "checkable",
        "instrument",
        "themes",
        "groups",
        "sdg_targets",
    ]
    list_select_related = ["instrument"]
    search_fields = ["text", "lead", "label", "instrument__symbol"]
    filter_horizontal = ["themes", "groups", "sdg_targets"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AffectedGroup)
class AffectedGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SdgTarget)
class SdgTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
