"""Footnotes: ``{% cite object "field" %}`` beside a fact, ``{% sources_block object %}`` at
the end of the page. Both read the record's citations once a request (``citations_of``) and
number them the same way: the whole record's first, then by the field's place in the model.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..sources.citations import citations_of, field_label

register = template.Library()

SEPARATOR = mark_safe('<sup class="cite-separator" aria-hidden="true">,</sup>')
SHOWN = "_citations_shown"  # in the record's __dict__: {number: footnote marks shown}


def _mark_id(record, number: int) -> str:
    """``cite-N`` for the first mark of footnote N on the page, ``cite-N-2`` for the next."""
    shown = record.__dict__.setdefault(SHOWN, {})
    shown[number] = shown.get(number, 0) + 1
    return f"cite-{number}" if shown[number] == 1 else f"cite-{number}-{shown[number]}"


@register.simple_tag
def cite(record, *fields):
    """The footnote marks of the citations of ``fields`` (none: of the whole record), in
    superscript, each a link to its note in the "Sources" block; nothing if it has none.
    Several fields in one tag (``{% cite object "city" "year" %}``) keep their marks apart
    with commas."""
    if record is None or record == "":
        return ""
    fields = set(fields or [""])
    marks = []
    for citation in citations_of(record):
        if citation.field not in fields:
            continue
        if citation.source.is_editorial:
            label = _("Editorial note %(number)s") % {"number": citation.number}
        else:
            label = _("Source %(number)s") % {"number": citation.number}
        marks.append((citation.number, _mark_id(record, citation.number), label))
    return format_html_join(
        SEPARATOR,
        '<sup class="cite"><a href="#source-{0}" id="{1}" aria-label="{2}">{0}</a></sup>',
        marks,
    )


@register.inclusion_tag("sources/_sources_block.html")
def sources_block(record):
    """The "Sources" section: the record's citations as numbered notes, in the footnotes'
    order, each with links back to where the page cites it."""
    if record is None or record == "":
        return {"notes": []}
    model = type(record)
    shown = record.__dict__.get(SHOWN, {})
    notes = [
        {
            "citation": citation,
            "field_label": field_label(model, citation.field),
            "backlinks": [
                f"cite-{citation.number}" if n == 1 else f"cite-{citation.number}-{n}"
                for n in range(1, shown.get(citation.number, 0) + 1)
            ],
        }
        for citation in citations_of(record)
    ]
    return {"notes": notes}
