from django.contrib import admin
from django.db import models

from checklist.instruments.models import Instrument, Paragraph, Theme


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 0
    fields = [("kind", "position", "number"), "lead", "text", ("addressee", "checkable"), "themes"]
    filter_horizontal = ["themes"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "body", "adopted_on", "year"]
    list_filter = ["body"]
    search_fields = ["symbol", "title"]
    readonly_fields = ["created_at", "created_by"]
    inlines = [ParagraphInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "lead", "addressee", "checkable"]
    list_filter = ["kind", "addressee", "checkable", "instrument", "themes"]
    list_select_related = ["instrument"]
    search_fields = ["text", "lead", "instrument__symbol"]
    filter_horizontal = ["themes"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
