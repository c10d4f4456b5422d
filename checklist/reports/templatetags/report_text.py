from django import template

from checklist.reports.languages import direction

register = template.Library()

# {% ... dir="{{ row.text|direction }}" %}: quoted text keeps its own direction in the PDF.
register.filter("direction", direction)
