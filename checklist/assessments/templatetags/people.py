from django import template

from checklist import people

register = template.Library()


@register.filter
def display_name(user) -> str:
    """``{{ comment.author|display_name }}``: see checklist.people."""
    return people.display_name(user)
