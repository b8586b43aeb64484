"""Addresses of the public pages, for tests of every package."""

import re

from django.urls import reverse
from django.utils import translation

# Reading the data version (core.freshness) asks the database once per page: its stamp of
# committed writes.
VERSION_QUERIES = 1

LIST_PAGES = [
    "priorities:list",
    "meetings:list",
    "partners:list",
    "funding:list",
    "programmes:list",
    "themes:list",
]


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def html_lang(response):
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


# An inline <script> (not a file, not JSON data): the Content Security Policy forbids them.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")


def reverse_in(language, name, **kwargs):
    """`reverse()` in a language, language first: /ru/... for Russian."""
    return url(name, language, **kwargs)
