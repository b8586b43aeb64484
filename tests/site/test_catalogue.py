"""The Russian UI catalogue: complete, without fuzzy entries, compiled, and covering every
translatable string in the code and templates."""

import ast
import gettext
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = ("core", "priorities", "funding", "meetings", "eucastrategy", "templates")


def read_po(path):
    """The entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), flags."""
    entries, entry, key = [], None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {
            "msgctxt": None,
            "msgid": "",
            "msgid_plural": None,
            "msgstr": [],
            "flags": set(),
        }
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            append(entry, key, ast.literal_eval(line))
        else:
            key, _, value = line.partition(" ")
            if key.startswith("msgstr"):
                entry["msgstr"].append("")
            append(entry, key, ast.literal_eval(value))
    return entries


def append(entry, key, text):
    if key.startswith("msgstr"):
        entry["msgstr"][-1] += text
    elif key == "msgid_plural":
        entry["msgid_plural"] = (entry["msgid_plural"] or "") + text
    elif key == "msgctxt":
        entry["msgctxt"] = (entry["msgctxt"] or "") + text
    else:
        entry["msgid"] += text


MESSAGES = [entry for entry in read_po(PO) if entry["msgid"]]


def test_it_has_the_russian_header_and_plural_rule():
    header = next(entry for entry in read_po(PO) if not entry["msgid"])
    assert "Language: ru\n" in header["msgstr"][0]
    assert "nplurals=4" in header["msgstr"][0]
    assert "fuzzy" not in header["flags"]


def test_it_translates_every_message_and_marks_none_fuzzy():
    assert len(MESSAGES) > 200
    untranslated = [entry["msgid"] for entry in MESSAGES if not all(entry["msgstr"])]
    fuzzy = [entry["msgid"] for entry in MESSAGES if "fuzzy" in entry["flags"]]
    assert untranslated == []
    assert fuzzy == []
    plural = [entry for entry in MESSAGES if entry["msgid_plural"]]
    assert plural
    assert all(len(entry["msgstr"]) == 4 for entry in plural)


def test_it_ships_a_compiled_catalogue_that_matches_the_po_file():
    with MO.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for entry in MESSAGES:
        if entry["msgid_plural"]:
            context = entry["msgctxt"]
            forms = [
                catalogue.npgettext(context, entry["msgid"], entry["msgid_plural"], n)
                if context
                else catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n)
                for n in (1, 3)
            ]
            assert forms == entry["msgstr"][:2], entry["msgid"]
        elif entry["msgctxt"]:
            translated = catalogue.pgettext(entry["msgctxt"], entry["msgid"])
            assert translated == entry["msgstr"][0], entry["msgid"]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]


def test_it_uses_the_catalogue_under_russian():
    with translation.override("ru"):
        assert translation.gettext("Country") == "Страна"
        assert translation.gettext("€%(amount)s") == "%(amount)s\u00a0€"  # € stays with it


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext")
def test_it_covers_every_translatable_string_in_the_code(tmp_path, monkeypatch):
    for name in SOURCES:
        shutil.copytree(Path(settings.BASE_DIR) / name, tmp_path / name)
    target = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(PO, target / "django.po")
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["ru"], no_obsolete=True, verbosity=0)
    refreshed = [entry for entry in read_po(target / "django.po") if entry["msgid"]]
    missing = [entry["msgid"] for entry in refreshed if not all(entry["msgstr"])]
    assert missing == []  # run `make messages` and translate what it adds
    assert {entry["msgid"] for entry in refreshed} == {entry["msgid"] for entry in MESSAGES}
