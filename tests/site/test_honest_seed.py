"""Issue 12, "An honest seed": the seed and the Russian UI say what the source text says, in
its words; counts read as Russian counts; editorial links are labelled as editorial."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from core.importing.files import too_many_rows
from core.lists.filters import SEARCH_MAX_WORDS, validate_search_words
from eucastrategy.seeding.strategy_data import STRATEGY, THEMES
from meetings.models import Meeting, Participant
from priorities.models import Strategy, Theme
from tests.support import factories
from tests.support.pages import url

SOURCE = Path(settings.BASE_DIR) / "eucastrategy/seeding/source/eu-central-asia-strategy.ru.txt"
MO = Path(settings.BASE_DIR) / "locale/ru/LC_MESSAGES/django.mo"


@pytest.fixture(scope="module")
def document():
    return SOURCE.read_text(encoding="utf-8")


def russian_plural(n, one, few, many):
    """The Russian form for the whole number ``n`` (1 направление, 2 направления, 5 направлений)."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def figure(n, label):
    return f'<span class="figure">{n}</span> <span class="figure-label">{label}</span>'


PRIORITY_FORMS = (
    "приоритетное направление",
    "приоритетных направления",
    "приоритетных направлений",
)
MEETING_FORMS = (
    "состоявшаяся министерская встреча",
    "состоявшиеся министерские встречи",
    "состоявшихся министерских встреч",
)
PARTNER_FORMS = ("организация-партнёр", "организации-партнёра", "организаций-партнёров")


def catalogue():
    """The compiled Russian catalogue (test_catalogue checks it matches the .po file):
    {(context, msgid): [msgstr, ...]}, every plural form of a plural message in order."""
    with MO.open("rb") as compiled:
        raw = gettext.GNUTranslations(compiled)._catalog
    entries = {}
    for key, text in raw.items():
        msgid, form = key if isinstance(key, tuple) else (key, 0)
        if not msgid:
            continue  # the header
        context, _, msgid = msgid.rpartition("\x04")
        entries.setdefault((context or None, msgid), {})[form] = text
    return {key: [forms[i] for i in sorted(forms)] for key, forms in entries.items()}


def msgstrs(predicate=lambda msgid: True):
    return [text for (_, msgid), texts in catalogue().items() if predicate(msgid) for text in texts]


# --- 3. The English summary -----------------------------------------------------------------


def test_it_translates_the_growing_interest_of_the_european_union_as_a_whole(seeded, document):
    assert "растущего интереса Евросоюза в целом к Центральной Азии" in document
    summary = STRATEGY["summary_en"]
    assert "growing interest of the European Union as a whole in Central Asia" in summary
    assert "in Central Asia as a whole" not in summary
    strategy = Strategy.objects.get()
    assert "the European Union as a whole in Central Asia" in strategy.summary_en
    assert "in Central Asia as a whole" not in strategy.summary_en


# --- 5. The text's own wording --------------------------------------------------------------


def test_it_names_the_trade_theme_as_the_text_does(seeded, document):
    theme = Theme.objects.get(slug="trade-and-investment")
    assert theme.name_en == "Promotion of trade and investment"
    assert theme.name_ru == "Содействие торговле и инвестициям"
    assert "содействия торговле и инвестициям" in document
    assert ("trade-and-investment", theme.name_en, theme.name_ru) in THEMES


def test_it_says_the_strategy_was_prepared_on_the_initiative_of_germany(client, seeded, document):
    assert "Подготовленная по инициативе Германии" in document
    ru = client.get(url("home", "ru")).content.decode()
    assert "<p>Подготовлена по инициативе Германии." in ru  # not «по инициативе: Германия»
    en = client.get(url("home")).content.decode()
    assert "<p>Prepared on the initiative of Germany." in en


def test_it_names_the_strategy_in_the_texts_words_in_the_russian_ui(client, seeded, document):
    name = "Стратегия Европейского Союза в отношении стран Центральной Азии"
    assert name in document
    ru = client.get(url("home", "ru")).content.decode()
    title = re.search(r"<title>(.*?)</title>", ru, flags=re.S).group(1)
    assert "Стратегии ЕС в отношении стран Центральной Азии" in title
    assert "Стратегии ЕС в отношении стран Центральной Азии</a>" in ru  # the site's name
    assert "Стратегия Европейского Союза в отношении стран Центральной Азии в изложении" in ru
    texts = msgstrs()
    assert not [t for t in texts if "для Центральной Азии" in t]
    assert not [t for t in texts if "мониторинг стратегии" in t]


def test_it_capitalises_the_european_union_as_the_text_does(document):
    assert "Европейский Союз" in document and "Европейский союз" not in document
    texts = msgstrs()
    assert not [t for t in texts if "Европейский союз" in t or "Европейского союза" in t]
    assert [t for t in texts if "«Европейский Союз – Центральная Азия»" in t]


def test_it_uses_one_russian_term_for_allocation_lines():
    lines = msgstrs(lambda msgid: "allocation line" in msgid.lower())
    assert len(lines) >= 10
    assert all("ассигнован" in text for text in lines), [
        text for text in lines if "ассигнован" not in text
    ]
    assert not [t for t in msgstrs() if re.search(r"строк\w* распределения", t)]


def test_it_says_countries_not_for_before_an_envelopes_countries(client, seeded):
    assert catalogue()[None, "For:"] == ["Страны:"]
    assert not [t for t in msgstrs() if "Для:" in t]
    body = client.get(url("funding:list", "ru")).content.decode()
    assert "Страны: " in body and "Для:" not in body


# --- 6. Kazakhstan's representative ---------------------------------------------------------


def test_it_has_idrissov_head_kazakhstans_delegation(client, seeded, document):
    assert "Казахстан будет представлять Министр Е.Идрисов" in document
    idrissov = Participant.objects.get(person_en="E. Idrissov")
    assert idrissov.heads_delegation and idrissov.country.code == "KZ"
    en = client.get(url("meetings:detail", slug="2012-bishkek")).content.decode()
    assert re.search(r"E\. Idrissov <span class=\"badge\">head of delegation \(Kazakhstan\)", en)
    assert re.search(r"C\. Ashton <span class=\"badge\">head of delegation \(European Union\)", en)
    ru = client.get(url("meetings:detail", "ru", slug="2012-bishkek")).content.decode()
    assert re.search(r"Е\. Идрисов <span class=\"badge\">глава делегации \(Казахстан\)", ru)
    country = client.get(url("countries:detail", code="kz")).content.decode()
    assert "E. Idrissov, Minister (head of delegation)" in country


# --- 4. Russian plurals ---------------------------------------------------------------------


def test_it_counts_the_seeded_key_figures_in_russian_plural_forms(client, seeded):
    response = client.get(url("home", "ru"))
    body = response.content.decode()
    counts = {
        "priority": response.context["priority_count"],
        "meeting": response.context["meeting_count"],
        "partner": response.context["partner_count"],
    }
    assert counts["meeting"] == Meeting.objects.held().count()
    for key, forms in [
        ("priority", PRIORITY_FORMS),
        ("meeting", MEETING_FORMS),
        ("partner", PARTNER_FORMS),
    ]:
        assert figure(counts[key], russian_plural(counts[key], *forms)) in body, key
    # What the page said before: «9 приоритетные направления», «15 организации-партнёры».
    assert "приоритетные направления</span>" not in body
    assert "организации-партнёры</span>" not in body


@pytest.mark.parametrize(
    ("priorities", "meetings", "partners"),
    [(1, 2, 5), (2, 1, 21), (5, 3, 1), (11, 22, 2)],
)
def test_it_counts_key_figures_in_every_russian_plural_form(
    client, db, priorities, meetings, partners
):
    for _ in range(priorities):
        factories.PriorityAreaFactory()
    for _ in range(meetings):
        factories.MeetingFactory(year=2015)
    for _ in range(partners):
        factories.OrganisationFactory()
    ru = client.get(url("home", "ru")).content.decode()
    assert figure(priorities, russian_plural(priorities, *PRIORITY_FORMS)) in ru
    assert figure(meetings, russian_plural(meetings, *MEETING_FORMS)) in ru
    assert figure(partners, russian_plural(partners, *PARTNER_FORMS)) in ru
    en = client.get(url("home")).content.decode()
    assert figure(priorities, "priority area" if priorities == 1 else "priority areas") in en
    held = "ministerial meeting held" if meetings == 1 else "ministerial meetings held"
    assert figure(meetings, held) in en
    assert figure(partners, "partner organisation" + ("" if partners == 1 else "s")) in en


def test_it_fills_every_russian_plural_form_of_the_key_figures():
    by_msgid = {
        msgid: texts for (context, msgid), texts in catalogue().items() if context == "key figure"
    }
    assert set(by_msgid) == {"priority area", "ministerial meeting held", "partner organisation"}
    assert by_msgid["priority area"][:3] == list(PRIORITY_FORMS)
    assert by_msgid["ministerial meeting held"][:3] == list(MEETING_FORMS)
    assert by_msgid["partner organisation"][:3] == list(PARTNER_FORMS)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "больше 1 строки"),
        (3, "больше 3 строк"),
        (5, "больше 5 строк"),
        (21, "больше 21 строки"),
    ],
)
def test_it_counts_import_rows_in_russian_plural_forms(count, expected):
    with translation.override("ru"):
        assert expected in too_many_rows(count)
    assert f"more than {count} row{'' if count == 1 else 's'}." in too_many_rows(count)


def test_it_counts_search_words_in_russian_plural_forms():
    words = " ".join(f"w{n}" for n in range(SEARCH_MAX_WORDS + 1))
    with translation.override("ru"), pytest.raises(Exception) as raised:
        validate_search_words(words)
    expected = russian_plural(SEARCH_MAX_WORDS, "слова", "слов", "слов")
    assert f"не более {SEARCH_MAX_WORDS} {expected}." in str(raised.value)


def test_it_gives_each_counted_message_its_russian_plural_forms():
    """Counted messages are plural entries with three distinct integer forms (1, 2, 5)."""
    counted = [
        "%(counter)s record",
        "%(counter)s change",
        "%(counter)s version",
        "%(counter)s field",
        "%(counter)s programme",
        "%(counter)s meeting hosted",
        "%(counter)s national priority area",
        "%(counter)s shared theme: %(themes)s",
        "Search for at most %(count)s word.",
        "A file may have at most %(rows)s row and %(size)s.",
    ]
    entries = catalogue()
    for msgid in counted:
        forms = entries[None, msgid]
        assert len(forms) == 4, msgid  # a plural message: nplurals=4
        assert len(set(forms[:3])) >= 2, msgid  # 1, 2 and 5 do not all read alike
    # No single-form message puts a count before a noun that would need a plural form.
    counted_noun = re.compile(r"%\((count|counter|rows|max|shown)\)s (строк|слов|запис)")
    single = [texts[0] for texts in entries.values() if len(texts) == 1]
    assert not [text for text in single if counted_noun.search(text)]


# --- 2. Editorial theme links ---------------------------------------------------------------

EDITORIAL = {
    "en": "Editorial:</strong> the source text does not link themes to priorities",
    "ru": "От редакции:</strong> исходный текст не связывает темы с приоритетами",
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_labels_theme_links_as_editorial_on_the_pages_that_show_them(client, seeded, lang):
    pages = [
        url("matrix:list", lang),
        url(
            "matrix:detail", lang, priority="kz-energy-and-transport-links", meeting="2012-bishkek"
        ),
        url("themes:list", lang),
        url("themes:detail", lang, slug="energy"),
        url("priorities:detail", lang, slug="kz-energy-and-transport-links"),
        url("meetings:detail", lang, slug="2012-bishkek"),
        url("countries:detail", lang, code="kz"),
        url("home", lang),
    ]
    for address in pages:
        body = client.get(address).content.decode()
        assert body.count(EDITORIAL[lang]) == 1, address
