"""Template helpers of the commitment pages."""

from django import template

from ..models import Status

register = template.Library()


@register.filter
def status_label(code):
    """A status code ("in-progress") as its label in the active language."""
    return Status(code).label if code in Status.values else code
