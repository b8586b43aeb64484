"""The feeds and open-data outputs are advertised where they belong (issue 13, part 5):
each page's ``<link rel="alternate">`` tags name outputs that exist, of the type they say."""

import re

import pytest

from tests.support import factories, iati
from tests.support.iati import set_reporter
from tests.support.pages import url

pytestmark = pytest.mark.django_db

LINK = re.compile(r"<link\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')

# Each page, and the types of output its head must advertise.
ADVERTISED = [
    ("home", {}, {"application/atom+xml", "text/calendar"}),
    ("meetings:list", {}, {"text/calendar"}),
    ("meetings:detail", {"slug": "2012-bishkek"}, {"text/calendar"}),
    ("commitments:list", {}, {"application/atom+xml"}),
    ("changes", {}, {"application/atom+xml"}),
    ("programmes:list", {}, {"application/xml"}),
]


def alternates(response):
    """(type, href) of each ``<link rel="alternate" type=...>`` in the page's head."""
    head = response.content.decode().split("</head>")[0]
    links = [dict(ATTRIBUTE.findall(tag)) for tag in LINK.findall(head)]
    return [(a["type"], a["href"]) for a in links if a.get("rel") == "alternate" and "type" in a]


@pytest.fixture
def iati_activity(settings):
    """A programme the IATI file publishes (it answers 404 while it has no activity)."""
    set_reporter(settings)
    iati.programme()


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(("name", "kwargs", "types"), ADVERTISED)
def test_it_advertises_outputs_that_answer_with_their_type(
    client, seeded, iati_activity, name, kwargs, types, lang
):
    response = client.get(url(name, lang, **kwargs))
    assert response.status_code == 200
    found = alternates(response)
    assert types <= {kind for kind, _href in found}
    for kind, href in found:
        output = client.get(href.replace("&amp;", "&"))
        assert output.status_code == 200, href
        assert output["Content-Type"].split(";")[0] == kind, href


def test_it_advertises_a_programmes_iati_file(client, db):
    programme = factories.ProgrammeFactory()
    response = client.get(url("programmes:detail", slug=programme.slug))
    kinds = {kind for kind, _href in alternates(response)}
    assert "application/xml" in kinds
