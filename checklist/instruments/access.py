"""Who may do what with instruments: the one place where the instruments app checks access.

Every signed-in user may read instruments. Importing one and editing its paragraphs need the
model permissions, which the "Instrument editors" group and staff hold.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from checklist.instruments.models import ImportDraft, Instrument, Paragraph

EDITORS_GROUP = "Instrument editors"
EDITOR_PERMISSIONS = [
    "add_instrument",
    "change_instrument",
    "add_paragraph",
    "change_paragraph",
    "add_theme",
    "change_theme",
]


def ensure_editors_group() -> Group:
    """The group whose members import instruments and edit paragraphs."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="instruments", codename__in=EDITOR_PERMISSIONS
        )
    )
    return group


def can_import(user) -> bool:
    return user.has_perm("instruments.add_instrument")


def can_edit_paragraphs(user) -> bool:
    return user.has_perm("instruments.change_paragraph")


def require_import(user) -> None:
    if not can_import(user):
        raise PermissionDenied(gettext("Importing instruments is for instrument editors."))


def get_instrument_for(user, pk: int) -> Instrument:
    """Any signed-in user may read any instrument (they are public UN texts)."""
    return get_object_or_404(Instrument, pk=pk)


def get_paragraph_for(user, instrument_pk: int, pk: int, *, write: bool = False) -> Paragraph:
    """The paragraph ``pk`` of instrument ``instrument_pk``; 404 if it is not that one's."""
    paragraph = get_object_or_404(
        Paragraph.objects.select_related("instrument").prefetch_related("themes"),
        pk=pk,
        instrument_id=instrument_pk,
    )
    if write and not can_edit_paragraphs(user):
        raise PermissionDenied(gettext("Editing paragraphs is for instrument editors."))
    return paragraph


def find_draft_for(user, pk: int) -> ImportDraft | None:
    """The import ``pk`` waiting for review, if it is this user's and not a day old: a
    draft is its importer's alone, and another's answers as one that does not exist."""
    return ImportDraft.objects.fresh().filter(pk=pk, owner_id=user.pk).first()
