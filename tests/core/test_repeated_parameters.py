"""A parameter given twice is a 400 on every page that reads the address, as on the lists."""

import re

import pytest

from tests.support.pages import url

PAGES = [
    ("countries:list", {}),
    ("countries:detail", {"code": "kz"}),
    ("matrix:list", {}),
    ("matrix:detail", {"priority": "kz-energy-and-transport-links", "meeting": "2012-bishkek"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_answers_400_for_a_parameter_given_twice(client, seeded, name, kwargs, lang):
    path = url(name, lang, **kwargs)
    assert client.get(path, {"q": "energy"}).status_code == 200  # once is fine
    response = client.get(f"{path}?q=energy&q=water")
    assert response.status_code == 400
    text = response.content.decode()
    assert f'<html lang="{lang}">' in text
    assert re.search(r"[“«]q[”»]", text)  # names the parameter


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_answers_400_before_redirecting_an_upper_case_country_code(client, seeded, lang):
    response = client.get(url("countries:detail", lang, code="KZ") + "?a=1&a=2")
    assert response.status_code == 400


def test_it_refuses_a_repeated_parameter_on_a_post_too(client, seeded):
    assert client.post(url("matrix:list") + "?a=1&a=1").status_code == 400
    assert client.post(url("matrix:list")).status_code == 405
