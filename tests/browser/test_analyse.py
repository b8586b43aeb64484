"""An analyst filters a list in the page, then downloads what the table shows as CSV."""

import csv

import pytest
from playwright.sync_api import expect

from tests.support.pages import reverse_in

KAZAKHSTAN_PRIORITIES = {
    "en": [
        "Human rights, the rule of law, effective governance and democratisation",
        "Investing in the future: youth and education",
        "Promoting economic development, trade and investment",
        "Strengthening energy and transport links",
        "Environmental sustainability and water management",
        "Combating common threats and challenges",
    ],
    "ru": [
        "Права человека, верховенство закона и эффективное государственное управление и "
        "демократизация",
        "Инвестирование в будущее: молодежь и образование",
        "Содействие экономическому развитию, торговле и инвестициям",
        "Усиление энергетических и транспортных связей",
        "Экологическая устойчивость и управление водными ресурсами",
        "Борьба с общими угрозами и вызовами",
    ],
}
UI = {
    "en": {
        "filters": "Filter the list",
        "country": "Country",
        "kazakhstan": "Kazakhstan",
        "apply": "Apply filters",
        "records": "6 records",
        "download": "Download CSV",
        "title_column": "Title",
        "code_column": "Country code",
    },
    "ru": {
        "filters": "Фильтры списка",
        "country": "Страна",
        "kazakhstan": "Казахстан",
        "apply": "Применить фильтры",
        "records": "6 записей",
        "download": "Скачать CSV",
        "title_column": "Название",
        "code_column": "Код страны",
    },
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_it_filters_priorities_by_country_and_downloads_the_same_rows(
    page, url, live_server, seeded, tmp_path, language
):
    ui = UI[language]
    list_url = url(reverse_in(language, "priorities:list"))
    page.goto(list_url)
    table = page.get_by_role("table")
    # Six national; regional cooperation and its three parts.
    expect(table.locator("tbody tr")).to_have_count(10)

    form = page.get_by_role("search", name=ui["filters"])
    form.get_by_label(ui["country"], exact=True).select_option(label=ui["kazakhstan"])
    form.get_by_role("button", name=ui["apply"]).click()

    # A GET form: the filters are in the address, to bookmark or share; only those set.
    expect(page).to_have_url(list_url + "?country=KZ")
    expect(page.locator(".result-count")).to_have_text(ui["records"])
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(6)
    for row in rows.all():
        expect(row).to_contain_text(ui["kazakhstan"])
    # The titles link to the records; their text is what the table shows.
    links = table.locator("tbody tr td a[href*='/priorities/']")
    titles = [text.strip() for text in links.all_inner_texts()]
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert sorted(titles) == sorted(KAZAKHSTAN_PRIORITIES[language])

    with page.expect_download() as download_info:
        page.get_by_role("link", name=ui["download"]).click()
    download = download_info.value
    assert download.suggested_filename.startswith("priorities_country-kz_")
    assert download.suggested_filename.endswith(".csv")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        records = list(reader)
    header = reader.fieldnames
    # The same rows as the table, in the same order, in the page's language.
    assert len(records) == len(titles) == 6
    assert [record[ui["title_column"]] for record in records] == titles, header
    assert {record[ui["code_column"]] for record in records} == {"KZ"}
    assert [record["URL"].removeprefix(live_server.url) for record in records] == hrefs
