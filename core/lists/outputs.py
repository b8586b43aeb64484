"""Outputs of a list other than its page and its CSV/JSON export (a calendar, an IATI file):
the same filters, as query parameters, under the same bad-input rules as the list."""

from django.core.exceptions import BadRequest

from .views import refuse_repeated_parameters


def filtered(request, filterset_class, queryset):
    """The rows of ``queryset`` that the request's filters select.

    A parameter given twice, or a filter value that is not valid (an unknown country, a
    year out of range, a search of too many words), is a 400 that says what is wrong, as on
    the list; parameters that are not filters are ignored, as on the list."""
    refuse_repeated_parameters(request.GET)
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise BadRequest(" ".join(_messages(filterset.errors)))
    return filterset.qs


def _messages(errors):
    for name, messages in errors.items():
        for message in messages:
            yield f"{name}: {message}"
