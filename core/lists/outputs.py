"""Outputs of a list other than its page and its CSV/JSON export (a calendar, an IATI file):
the same filters, as query parameters, under the same bad-input rules as the list."""

from collections.abc import Iterator

from django.core.exceptions import BadRequest
from django.utils import translation

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


def in_language(chunks: Iterator, language: str) -> Iterator:
    """``chunks`` written with ``language`` active: a streamed body is written after the
    view has returned, in the request's language all the same. Closed, it closes ``chunks``
    at once (and with them their database cursors)."""
    try:
        while True:
            with translation.override(language):
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk
    finally:
        chunks.close()
