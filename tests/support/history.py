"""Helpers and the `editor` fixture shared by the test_history_* modules."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

T0 = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC)

# Upper bounds, whatever the number of versions. A record's page: the record, the count,
# the page of keys, the users; per model on the page its rows (with their predecessors) and
# its many-to-many rows; per related model the names. /changes/ and the feed name no
# related records, so they need the count, the page, the users, and per model its rows and
# many-to-many rows (11 models, 6 many-to-many fields).
QUERIES_RECORD_HISTORY = 12
QUERIES_CHANGES = 3 + 11 + 6


def url(name, lang="en", query=None, **kwargs):
    with translation.override(lang):
        address = reverse(name, kwargs=kwargs or None)
    return f"{address}?{query}" if query else address


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(response):
    """The page's text without tags and with whitespace collapsed."""
    page = re.sub(r"</?(del|ins)>", "", html(response))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def save(instance, *, user=None, when=None, reason=None, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    if user is not None:
        instance._history_user = user
    if when is not None:
        instance._history_date = when
    if reason is not None:
        instance._change_reason = reason
    instance.save()
    return instance


def stamp(instance, when, **values):
    """Date the record's latest history row ``when`` (and set other ``values`` of it)."""
    history = type(instance).history.model
    latest = history.objects.filter(id=instance.pk).order_by("-history_id").first()
    history.objects.filter(history_id=latest.history_id).update(history_date=when, **values)


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)
