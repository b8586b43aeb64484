"""Golden tests: the exact bytes of every list's CSV and JSON export, in English and Russian.

A faster export (PostgreSQL COPY) is to replace the streaming writer in core/lists/export.py
and must give the same file. These tests pin it byte for byte on a small data set built
here: the UTF-8 BOM and CRLF line ends, the header labels in the page's language (the
catalogue in locale/ru), the columns and their order, a quote prefixed to text that starts
with = + - or @ (CSV only; JSON keeps the text), plain decimals with two places (never
grouped, never escaped), ISO dates, empty cells for missing links and null years, lists
joined with "; " and sorted by their translated text, the Russian text falling back to the
English where it is empty, CSV quoting, the rows' order (also with ``sort`` and a filter),
the absolute URL column and the response headers. The expected values are written out from
the rules, with the records' primary keys interpolated (they differ between databases).
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from tests.support import factories
from tests.support.pages import url

EN, RU = "http://testserver", "http://testserver/ru"
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


@pytest.fixture
def d(db):
    """The data set; the names the tests use are attributes of the fixture's value."""
    f = factories
    kz = f.CountryFactory(code="KZ", name_en="Kazakhstan", name_ru="Казахстан")
    kg = f.CountryFactory(code="KG", name_en="Kyrgyzstan", name_ru="")  # falls back
    tj = f.CountryFactory(code="TJ", name_en="Tajikistan", name_ru="Таджикистан")
    energy = f.ThemeFactory(
        slug="energy",
        name_en="Energy",
        name_ru="Энергетика",
        description_en="=Power lines",
        description_ru="=Линии электропередачи",
    )
    water = f.ThemeFactory(
        slug="water", name_en="Water", name_ru="", description_en="Rivers, lakes",
        description_ru="Реки, озёра",
    )  # fmt: skip
    f.ThemeFactory(slug="trade", name_en="Trade", name_ru="Торговля")
    strategy = f.StrategyFactory()
    ebrd = f.OrganisationFactory(
        slug="ebrd", acronym_en="EBRD", acronym_ru="ЕБРР",
        name_en="European Bank for Reconstruction and Development",
        name_ru="Европейский банк реконструкции и развития",
        kind="financial", role_en="@Lender", role_ru="", website="https://www.ebrd.com/",
    )  # fmt: skip
    forum = f.OrganisationFactory(
        slug="water-forum", acronym_en="", acronym_ru="", name_en="Central Asian Water Forum",
        name_ru="Центральноазиатский водный форум", kind="regional", initiator=kz,
        role_en="Water; energy", role_ru="Вода, энергия",
    )  # fmt: skip
    priority = f.PriorityAreaFactory(
        strategy=strategy, country=kz, ordinal=1, slug="kz-energy", title_en="Energy security",
        title_ru="Энергетическая безопасность", approved_year=2019,
        description_en="-5% emissions by 2030", description_ru="Минус 5% выбросов",
    )  # fmt: skip
    priority.themes.set([energy, water])
    f.PriorityAreaFactory(
        strategy=strategy, country=None, ordinal=1, slug="regional-water",
        title_en='Water, "shared" basins', title_ru="", approved_year=None,
        description_en="Line one\nLine two", description_ru="",
    )  # fmt: skip
    astana = f.MeetingFactory(
        number=1, slug="2015-astana", year=2015, start_date=datetime.date(2015, 11, 26),
        end_date=datetime.date(2015, 11, 27), city_en="Astana", city_ru="Астана",
        host_country=kz, agenda_en="+ Security and water", agenda_ru="+ Безопасность и вода",
        outcome_en="@Joint communiqué", outcome_ru="",
    )  # fmt: skip
    astana.themes.set([energy, water])
    f.ParticipantFactory(meeting=astana, country=kz, organisation=None)
    f.ParticipantFactory(meeting=astana, country=None, organisation=ebrd)
    bishkek = f.MeetingFactory(
        number=2, slug="2100-bishkek", year=2100, start_date=None, end_date=None,
        city_en="Bishkek", city_ru="Бишкек", host_country=kg,
    )  # fmt: skip
    bishkek.themes.set([energy])
    programme = f.ProgrammeFactory(
        slug="water-programme", title_en="Water programme", title_ru="Водная программа",
        status="ongoing", start_date=datetime.date(2014, 1, 1),
        end_date=datetime.date(2020, 12, 31), description_en="+ cooperation", description_ru="",
        dac_sector="14010",
    )  # fmt: skip
    programme.countries.set([tj, kg, kz])
    programme.organisations.set([ebrd, forum])
    f.ProgrammeFactory(
        slug="border-management", title_en="Border management", title_ru="Управление границами",
        status="planned", start_date=None, end_date=None,
    )  # fmt: skip
    envelope = f.BudgetEnvelopeFactory(strategy=strategy, slug="eu-budget")
    full = f.AllocationFactory(
        envelope=envelope, amount=Decimal("1234567.50"), kind="committed", year=2015,
        country=kz, priority=priority, organisation=ebrd, programme=programme,
        description_en="=SUM(A1:A2)", description_ru="Кредитная линия",
    )  # fmt: skip
    bare = f.AllocationFactory(
        envelope=envelope, amount=Decimal("10"), kind="planned", year=None, country=None,
        description_en="Regional reserve", description_ru="",
    )  # fmt: skip
    third = f.AllocationFactory(
        envelope=envelope, amount=Decimal("99999.99"), kind="disbursed", year=2016, country=kg,
        description_en='Tranche "A", part 1', description_ru="Транш «А», часть 1",
    )  # fmt: skip
    return type("Data", (), {"full": full, "bare": bare, "third": third})


def export(client, name, lang, fmt, **params):
    response = client.get(url(name, lang), {"format": fmt, **params})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def csv_file(*lines):
    """The expected CSV: a BOM, then each line (cells as written, quoted) ending in CRLF."""
    return ("\ufeff" + "".join(f"{line}\r\n" for line in lines)).encode("utf-8")


def records(keys, *rows):
    return [dict(zip(keys, row, strict=True)) for row in rows]


# --- Expected files, list by list: (CSV lines, JSON records) per language -------------------

PRIORITY_KEYS = ("slug", "country_code", "country", "ordinal", "title", "approved_year")
PRIORITY_KEYS += ("themes", "description", "url")


def priorities(d, lang):
    if lang == "en":
        lines = [
            "Identifier,Country code,Country,Number,Title,Year approved,Themes,Description,URL",
            "kz-energy,KZ,Kazakhstan,1,Energy security,2019,Energy; Water,"
            f"'-5% emissions by 2030,{EN}/priorities/kz-energy/",
            f'regional-water,,,1,"Water, ""shared"" basins",,,"Line one\nLine two",'
            f"{EN}/priorities/regional-water/",
        ]
        rows = [
            ("kz-energy", "KZ", "Kazakhstan", 1, "Energy security", 2019, ["Energy", "Water"],
             "-5% emissions by 2030", f"{EN}/priorities/kz-energy/"),
            ("regional-water", None, None, 1, 'Water, "shared" basins', None, [],
             "Line one\nLine two", f"{EN}/priorities/regional-water/"),
        ]  # fmt: skip
        return lines, records(PRIORITY_KEYS, *rows)
    lines = [
        "Идентификатор,Код страны,Страна,Номер,Название,Год утверждения,Темы,Описание,URL",
        "kz-energy,KZ,Казахстан,1,Энергетическая безопасность,2019,Water; Энергетика,"
        f"Минус 5% выбросов,{RU}/priorities/kz-energy/",
        f'regional-water,,,1,"Water, ""shared"" basins",,,"Line one\nLine two",'
        f"{RU}/priorities/regional-water/",
    ]
    rows = [
        ("kz-energy", "KZ", "Казахстан", 1, "Энергетическая безопасность", 2019,
         ["Water", "Энергетика"], "Минус 5% выбросов", f"{RU}/priorities/kz-energy/"),
        ("regional-water", None, None, 1, 'Water, "shared" basins', None, [],
         "Line one\nLine two", f"{RU}/priorities/regional-water/"),
    ]  # fmt: skip
    return lines, records(PRIORITY_KEYS, *rows)


THEME_KEYS = ("slug", "name", "priority_count", "meeting_count", "description", "url")


def themes(d, lang):
    if lang == "en":
        lines = [
            "Identifier,Name,Priority areas,Meetings,Description,URL",
            f"energy,Energy,1,2,'=Power lines,{EN}/themes/energy/",
            f"trade,Trade,0,0,,{EN}/themes/trade/",
            f'water,Water,1,1,"Rivers, lakes",{EN}/themes/water/',
        ]
        rows = [
            ("energy", "Energy", 1, 2, "=Power lines", f"{EN}/themes/energy/"),
            ("trade", "Trade", 0, 0, "", f"{EN}/themes/trade/"),
            ("water", "Water", 1, 1, "Rivers, lakes", f"{EN}/themes/water/"),
        ]
        return lines, records(THEME_KEYS, *rows)
    # Sorted by the Russian name as stored: the empty one ("Water" shown) comes first.
    lines = [
        "Идентификатор,Название,Приоритетные направления,Встречи,Описание,URL",
        f'water,Water,1,1,"Реки, озёра",{RU}/themes/water/',
        f"trade,Торговля,0,0,,{RU}/themes/trade/",
        f"energy,Энергетика,1,2,'=Линии электропередачи,{RU}/themes/energy/",
    ]
    rows = [
        ("water", "Water", 1, 1, "Реки, озёра", f"{RU}/themes/water/"),
        ("trade", "Торговля", 0, 0, "", f"{RU}/themes/trade/"),
        ("energy", "Энергетика", 1, 2, "=Линии электропередачи", f"{RU}/themes/energy/"),
    ]
    return lines, records(THEME_KEYS, *rows)


MEETING_KEYS = ("number", "year", "city", "host_country_code", "host_country", "start_date")
MEETING_KEYS += ("end_date", "status_code", "status", "themes", "agenda", "outcome", "url")


def meetings(d, lang):
    if lang == "en":
        lines = [
            "No.,Year,City,Host country code,Host country,Start date,End date,Status code,"
            "Status,Agenda themes,Agenda,Outcome notes,URL",
            "1,2015,Astana,KZ,Kazakhstan,2015-11-26,2015-11-27,held,Held,Energy; Water,"
            f"'+ Security and water,'@Joint communiqué,{EN}/meetings/2015-astana/",
            f"2,2100,Bishkek,KG,Kyrgyzstan,,,upcoming,Upcoming,Energy,,,{EN}/meetings/2100-bishkek/",
        ]
        rows = [
            (1, 2015, "Astana", "KZ", "Kazakhstan", "2015-11-26", "2015-11-27", "held", "Held",
             ["Energy", "Water"], "+ Security and water", "@Joint communiqué",
             f"{EN}/meetings/2015-astana/"),
            (2, 2100, "Bishkek", "KG", "Kyrgyzstan", None, None, "upcoming", "Upcoming",
             ["Energy"], "", "", f"{EN}/meetings/2100-bishkek/"),
        ]  # fmt: skip
        return lines, records(MEETING_KEYS, *rows)
    lines = [
        "№,Год,Город,Код страны проведения,Страна проведения,Дата начала,Дата окончания,"
        "Код статуса,Статус,Темы повестки дня,Повестка дня,Итоги,URL",
        "1,2015,Астана,KZ,Казахстан,2015-11-26,2015-11-27,held,Состоялась,Water; Энергетика,"
        f"'+ Безопасность и вода,'@Joint communiqué,{RU}/meetings/2015-astana/",
        f"2,2100,Бишкек,KG,Kyrgyzstan,,,upcoming,Предстоит,Энергетика,,,{RU}/meetings/2100-bishkek/",
    ]
    rows = [
        (1, 2015, "Астана", "KZ", "Казахстан", "2015-11-26", "2015-11-27", "held", "Состоялась",
         ["Water", "Энергетика"], "+ Безопасность и вода", "@Joint communiqué",
         f"{RU}/meetings/2015-astana/"),
        (2, 2100, "Бишкек", "KG", "Kyrgyzstan", None, None, "upcoming", "Предстоит",
         ["Энергетика"], "", "", f"{RU}/meetings/2100-bishkek/"),
    ]  # fmt: skip
    return lines, records(MEETING_KEYS, *rows)


PARTNER_KEYS = ("slug", "acronym", "name", "kind_code", "kind", "initiator_code", "role")
PARTNER_KEYS += ("website", "url")
EBRD = "European Bank for Reconstruction and Development"
EBRD_RU = "Европейский банк реконструкции и развития"


def partners(d, lang):
    if lang == "en":
        lines = [
            "Identifier,Acronym,Name,Kind code,Kind,Initiated by (code),Role in the strategy,"
            "Website,URL",
            "water-forum,,Central Asian Water Forum,regional,Regional structure,KZ,"
            f"Water; energy,,{EN}/partners/water-forum/",
            f"ebrd,EBRD,{EBRD},financial,International financial institution,,'@Lender,"
            f"https://www.ebrd.com/,{EN}/partners/ebrd/",
        ]
        rows = [
            ("water-forum", "", "Central Asian Water Forum", "regional", "Regional structure",
             "KZ", "Water; energy", "", f"{EN}/partners/water-forum/"),
            ("ebrd", "EBRD", EBRD, "financial", "International financial institution", None,
             "@Lender", "https://www.ebrd.com/", f"{EN}/partners/ebrd/"),
        ]  # fmt: skip
        return lines, records(PARTNER_KEYS, *rows)
    lines = [
        "Идентификатор,Аббревиатура,Название,Код типа,Тип,Инициатор (код),Роль в Стратегии,"
        "Веб-сайт,URL",
        f"ebrd,ЕБРР,{EBRD_RU},financial,Международный финансовый институт,,'@Lender,"
        f"https://www.ebrd.com/,{RU}/partners/ebrd/",
        "water-forum,,Центральноазиатский водный форум,regional,Региональная структура,KZ,"
        f'"Вода, энергия",,{RU}/partners/water-forum/',
    ]
    rows = [
        ("ebrd", "ЕБРР", EBRD_RU, "financial", "Международный финансовый институт", None,
         "@Lender", "https://www.ebrd.com/", f"{RU}/partners/ebrd/"),
        ("water-forum", "", "Центральноазиатский водный форум", "regional",
         "Региональная структура", "KZ", "Вода, энергия", "", f"{RU}/partners/water-forum/"),
    ]  # fmt: skip
    return lines, records(PARTNER_KEYS, *rows)


PROGRAMME_KEYS = ("slug", "title", "status_code", "status", "start_date", "end_date")
PROGRAMME_KEYS += ("country_codes", "countries", "dac_sector", "description", "url")


def programmes(d, lang):
    if lang == "en":
        lines = [
            "Identifier,Title,Status code,Status,Start date,End date,Country codes,Countries,"
            "DAC sector code,Description,URL",
            f"border-management,Border management,planned,Planned,,,,,,,"
            f"{EN}/programmes/border-management/",
            "water-programme,Water programme,ongoing,Ongoing,2014-01-01,2020-12-31,KZ; KG; TJ,"
            "Kazakhstan; Kyrgyzstan; Tajikistan,14010,'+ cooperation,"
            f"{EN}/programmes/water-programme/",
        ]
        rows = [
            ("border-management", "Border management", "planned", "Planned", None, None, [], [],
             "", "", f"{EN}/programmes/border-management/"),
            ("water-programme", "Water programme", "ongoing", "Ongoing", "2014-01-01",
             "2020-12-31", ["KZ", "KG", "TJ"], ["Kazakhstan", "Kyrgyzstan", "Tajikistan"],
             "14010", "+ cooperation", f"{EN}/programmes/water-programme/"),
        ]  # fmt: skip
        return lines, records(PROGRAMME_KEYS, *rows)
    lines = [
        "Идентификатор,Название,Код статуса,Статус,Дата начала,Дата окончания,Коды стран,Страны,"
        "Код сектора DAC,Описание,URL",
        "water-programme,Водная программа,ongoing,Реализуется,2014-01-01,2020-12-31,KG; KZ; TJ,"
        "Kyrgyzstan; Казахстан; Таджикистан,14010,'+ cooperation,"
        f"{RU}/programmes/water-programme/",
        f"border-management,Управление границами,planned,Запланировано,,,,,,,"
        f"{RU}/programmes/border-management/",
    ]
    rows = [
        ("water-programme", "Водная программа", "ongoing", "Реализуется", "2014-01-01",
         "2020-12-31", ["KG", "KZ", "TJ"], ["Kyrgyzstan", "Казахстан", "Таджикистан"],
         "14010", "+ cooperation", f"{RU}/programmes/water-programme/"),
        ("border-management", "Управление границами", "planned", "Запланировано", None, None,
         [], [], "", "", f"{RU}/programmes/border-management/"),
    ]  # fmt: skip
    return lines, records(PROGRAMME_KEYS, *rows)


FUNDING_KEYS = ("id", "envelope", "year", "amount_eur", "kind_code", "kind", "country_code")
FUNDING_KEYS += ("country", "priority_slug", "priority", "partner_slug", "partner")
FUNDING_KEYS += ("programme_slug", "programme", "description", "url")


FUNDING_HEADER = {
    "en": "Line,Budget envelope,Year,Amount (EUR),Kind code,Kind,Country code,Country,"
    "Priority area (identifier),Priority area,Partner (identifier),Partner,"
    "Programme (identifier),Programme,Description,URL",
    "ru": "Строка,Бюджетный пакет,Год,Сумма (EUR),Код типа,Тип,Код страны,Страна,"
    "Приоритетное направление (идентификатор),Приоритетное направление,"
    "Партнёр (идентификатор),Партнёр,Программа (идентификатор),Программа,Описание,URL",
}


def funding_lines(d, lang):
    """Each allocation's CSV line, by name."""
    full, bare, third = d.full.pk, d.bare.pk, d.third.pk
    if lang == "en":
        return {
            "full": f"{full},eu-budget,2015,1234567.50,committed,Committed,KZ,Kazakhstan,"
            f"kz-energy,Energy security,ebrd,{EBRD},water-programme,Water programme,"
            f"'=SUM(A1:A2),{EN}/funding/{full}/",
            "bare": f"{bare},eu-budget,,10.00,planned,Planned,,,,,,,,,Regional reserve,"
            f"{EN}/funding/{bare}/",
            "third": f"{third},eu-budget,2016,99999.99,disbursed,Disbursed,KG,Kyrgyzstan,,,,,,,"
            f'"Tranche ""A"", part 1",{EN}/funding/{third}/',
        }  # fmt: skip
    return {
        "full": f"{full},eu-budget,2015,1234567.50,committed,Принято обязательство,KZ,Казахстан,"
        f"kz-energy,Энергетическая безопасность,ebrd,{EBRD_RU},water-programme,"
        f"Водная программа,Кредитная линия,{RU}/funding/{full}/",
        "bare": f"{bare},eu-budget,,10.00,planned,Запланировано,,,,,,,,,Regional reserve,"
        f"{RU}/funding/{bare}/",
        "third": f"{third},eu-budget,2016,99999.99,disbursed,Выплачено,KG,Kyrgyzstan,,,,,,,"
        f'"Транш «А», часть 1",{RU}/funding/{third}/',
    }  # fmt: skip


def funding_json(d, lang):
    """Each allocation's raw JSON line, by name: keys in column order, ", " and ": " between
    items, amounts as strings, missing links as null, non-ASCII text unescaped."""
    full, bare, third = d.full.pk, d.bare.pk, d.third.pk
    base = EN if lang == "en" else RU
    t = {
        "en": ("Committed", "Kazakhstan", "Energy security", EBRD, "Water programme",
               "=SUM(A1:A2)", "Planned", "Disbursed", 'Tranche \\"A\\", part 1'),
        "ru": ("Принято обязательство", "Казахстан", "Энергетическая безопасность", EBRD_RU,
               "Водная программа", "Кредитная линия", "Запланировано", "Выплачено",
               'Транш «А», часть 1'),
    }[lang]  # fmt: skip
    nothing = '"priority_slug": null, "priority": null, "partner_slug": null, "partner": null, '
    nothing += '"programme_slug": null, "programme": null'
    return {
        "full": f'{{"id": {full}, "envelope": "eu-budget", "year": 2015, '
        f'"amount_eur": "1234567.50", "kind_code": "committed", "kind": "{t[0]}", '
        f'"country_code": "KZ", "country": "{t[1]}", "priority_slug": "kz-energy", '
        f'"priority": "{t[2]}", "partner_slug": "ebrd", "partner": "{t[3]}", '
        f'"programme_slug": "water-programme", "programme": "{t[4]}", "description": '
        f'"{t[5]}", "url": "{base}/funding/{full}/"}}',
        "bare": f'{{"id": {bare}, "envelope": "eu-budget", "year": null, "amount_eur": "10.00", '
        f'"kind_code": "planned", "kind": "{t[6]}", "country_code": null, "country": null, '
        f'{nothing}, "description": "Regional reserve", "url": "{base}/funding/{bare}/"}}',
        "third": f'{{"id": {third}, "envelope": "eu-budget", "year": 2016, '
        f'"amount_eur": "99999.99", "kind_code": "disbursed", "kind": "{t[7]}", '
        f'"country_code": "KG", "country": "Kyrgyzstan", {nothing}, "description": '
        f'"{t[8]}", "url": "{base}/funding/{third}/"}}',
    }  # fmt: skip


def default_funding_order():
    """The funding list's own order is -year, then pk: PostgreSQL puts the line without a
    year first (NULLS FIRST in descending order), SQLite puts it last."""
    if connection.vendor == "postgresql":
        return ["bare", "third", "full"]
    return ["third", "full", "bare"]


def funding(d, lang, order=None):
    order = order or default_funding_order()
    lines, raw = funding_lines(d, lang), funding_json(d, lang)
    records = [json.loads(raw[n]) for n in order]
    assert all(tuple(record) == FUNDING_KEYS for record in records)  # the columns' order
    return [FUNDING_HEADER[lang], *(lines[n] for n in order)], records


EXPECTED = {
    "priorities:list": priorities,
    "themes:list": themes,
    "meetings:list": meetings,
    "partners:list": partners,
    "funding:list": funding,
    "programmes:list": programmes,
}
LANGUAGES = ["en", "ru"]


# --- Tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", EXPECTED)
def test_it_writes_the_same_csv_bytes(client, d, name, lang):
    lines, _ = EXPECTED[name](d, lang)
    response, content = export(client, name, lang, "csv")
    assert content == csv_file(*lines)
    assert response["Content-Type"] == CSV_TYPE


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", EXPECTED)
def test_it_writes_the_same_json_records(client, d, name, lang):
    _, expected = EXPECTED[name](d, lang)
    response, content = export(client, name, lang, "json")
    assert json.loads(content) == expected
    assert response["Content-Type"] == JSON_TYPE
    assert not response.has_header("Content-Disposition")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_writes_the_same_json_bytes_for_funding(client, d, lang):
    raw = funding_json(d, lang)
    records = ",".join("\n" + raw[name] for name in default_funding_order())
    _, content = export(client, "funding:list", lang, "json")
    assert content == f"[{records}\n]\n".encode()


def test_it_writes_an_empty_export_as_a_header_or_an_empty_array(client, d):
    header = FUNDING_HEADER["en"]
    assert export(client, "funding:list", "en", "csv", year="1999")[1] == csv_file(header)
    assert export(client, "funding:list", "en", "json", year="1999")[1] == b"[\n]\n"


def test_it_names_the_csv_file_after_the_section_filters_and_date(client, d):
    today = timezone.localdate().isoformat()
    response, _ = export(client, "funding:list", "en", "csv")
    assert response["Content-Disposition"] == f'attachment; filename="funding_{today}.csv"'
    response, _ = export(client, "funding:list", "ru", "csv", country="KZ", kind="committed")
    assert response["Content-Disposition"] == (
        f'attachment; filename="funding_country-kz_kind-committed_{today}.csv"'
    )
    response, _ = export(client, "partners:list", "ru", "csv", q="Вода")
    quoted = "%D0%B2%D0%BE%D0%B4%D0%B0"  # "вода": slugified (lower case), then UTF-8 and %
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''partners_q-{quoted}_{today}.csv"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_writes_the_rows_in_the_requested_order(client, d, lang):
    lines, records = funding(d, lang, order=["full", "third", "bare"])
    assert export(client, "funding:list", lang, "csv", sort="-amount")[1] == csv_file(*lines)
    content = export(client, "funding:list", lang, "json", sort="-amount")[1]
    assert json.loads(content) == records
    lines, _ = funding(d, lang, order=["bare", "third", "full"])
    assert export(client, "funding:list", lang, "csv", sort="amount")[1] == csv_file(*lines)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_writes_only_the_filtered_rows(client, d, lang):
    lines, records = funding(d, lang, order=["full"])
    assert export(client, "funding:list", lang, "csv", country="kz")[1] == csv_file(*lines)
    assert json.loads(export(client, "funding:list", lang, "json", country="kz")[1]) == records
    lines, _ = funding(d, lang, order=["third"])
    content = export(client, "funding:list", lang, "csv", country="KG", year="2016")[1]
    assert content == csv_file(*lines)
    lines, _ = programmes(d, lang)
    content = export(client, "programmes:list", lang, "csv", country="kg")[1]
    assert content == csv_file(lines[0], next(line for line in lines if "water-programme" in line))
