"""What every page shares: landmarks, one h1, the skip link, the language switcher, and a
Content Security Policy that the markup keeps (no inline script or style anywhere)."""

import base64
import hashlib
import re
from pathlib import Path

import import_export
import pytest
import simple_history
from django.test import override_settings

from tests.support.pages import INLINE_SCRIPT, LIST_PAGES, html_lang, url

PAGES = [
    ("home", {}),
    *((name, {}) for name in LIST_PAGES),
    ("priorities:detail", {"slug": "kz-energy-and-transport-links"}),
    ("meetings:detail", {"slug": "2012-bishkek"}),
    ("meetings:history", {"slug": "2012-bishkek"}),
    ("partners:detail", {"slug": "cica"}),
    ("themes:detail", {"slug": "water-management"}),
    ("countries:list", {}),
    ("countries:detail", {"code": "kz"}),
    ("countries:detail", {"code": "be"}),
    ("matrix:list", {}),
    ("matrix:detail", {"priority": "kz-energy-and-transport-links", "meeting": "2012-bishkek"}),
    ("changes", {}),
    ("login", {}),
]
EVENT_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def page_ids():
    return [f"{name}{'-' + '-'.join(kwargs.values()) if kwargs else ''}" for name, kwargs in PAGES]


@pytest.fixture(params=PAGES, ids=page_ids())
def page(request):
    return request.param


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_gives_every_page_landmarks_one_h1_and_a_skip_link(client, seeded, page, lang):
    name, kwargs = page
    response = client.get(url(name, lang, **kwargs))
    assert response.status_code == 200
    body = response.content.decode()
    assert html_lang(response) == lang
    assert len(re.findall(r"<h1[\s>]", body)) == 1
    for landmark in ('<header class="site-header">', '<main id="main"', "<footer"):
        assert body.count(landmark) == 1
    assert '<a class="skip-link" href="#main">' in body
    assert re.search(r'<nav class="main-nav" aria-label="[^"]+">', body)
    other = "ru" if lang == "en" else "en"
    assert re.search(rf'<a href="[^"]+" lang="{other}" hreflang="{other}">', body)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_keeps_every_page_within_the_content_security_policy(client, seeded, page, lang):
    name, kwargs = page
    response = client.get(url(name, lang, **kwargs))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy  # no CDN
    body = response.content.decode()
    assert " style=" not in body and "<style" not in body
    assert not INLINE_SCRIPT.search(body)
    assert not EVENT_HANDLER.search(body)


def test_it_names_every_table_column_and_row(client, seeded):
    for name, kwargs in (("home", {}), ("matrix:list", {})):
        body = client.get(url(name, **kwargs)).content.decode()
        for table in re.findall(r"<table.*?</table>", body, re.DOTALL):
            assert "<caption" in table
            assert '<th scope="col"' in table
            assert '<th scope="row"' in table


def test_it_marks_where_the_visitor_is(client, seeded):
    body = client.get(url("matrix:list")).content.decode()
    assert re.search(r'href="/matrix/" aria-current="page"', body)
    assert body.count("aria-current") == 2  # the section and the current language


@pytest.mark.parametrize(
    ("package", "template", "count"),
    [
        (simple_history, "simple_history/object_history_list.html", 1),
        (import_export, "admin/import_export/export.html", 2),
    ],
)
def test_it_allows_the_inline_styles_of_admin_templates_by_hash(
    client, db, package, template, count
):
    """Each style attribute in the installed template has its hash in the policy, and only
    those: an upgrade that changes one fails here instead of showing a CSP error in admin."""
    source = (Path(package.__file__).parent / "templates" / template).read_text()
    styles = re.findall(r'style="([^"]*)"', source)
    assert len(styles) == count
    policy = client.get(url("login"))["Content-Security-Policy"]
    for style in styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_it_allows_the_import_previews_row_diff_styles_by_hash(client, db):
    """import-export draws a preview row's changes with diff-match-patch, whose <ins> and
    <del> carry style attributes: exactly those are allowed."""
    import diff_match_patch

    source = Path(diff_match_patch.__file__).parent.joinpath("diff_match_patch.py").read_text()
    styles = re.findall(r'<(?:ins|del) style="([^"]*)"', source)
    assert len(styles) == 2
    policy = client.get(url("login"))["Content-Security-Policy"]
    for style in styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_it_allows_the_500_pages_own_style(client, db, settings):
    """The 500 page is self-contained; the policy it is served with lets its <style> apply."""
    settings.DEBUG = False
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF="tests.support.failing_urls"):
        response = client.get("/fail/")
    assert response.status_code == 500
    body = response.content.decode()
    [style] = re.findall(r"<style>(.*?)</style>", body, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]
