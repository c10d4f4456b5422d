"""Form fields for text: every form that takes free text uses these, so what is stored holds
no control characters (see checklist.text)."""

from django import forms

from checklist.text import clean_text, single_line


class TextField(forms.CharField):
    """Free text over several lines: evidence, notes, comments, paragraph text."""

    def to_python(self, value) -> str:
        return clean_text(super().to_python(value))


class LineField(forms.CharField):
    """One line: titles, names, numbers. A pasted line break becomes a space."""

    def to_python(self, value) -> str:
        return single_line(super().to_python(value))
