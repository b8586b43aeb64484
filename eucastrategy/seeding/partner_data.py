"""Seed data: partner organisations, instruments and the budget envelope (see ``strategy_data``)."""

from decimal import Decimal

from .strategy_data import CENTRAL_ASIA

_IMPLEMENTERS_EN = (
    "Among those the EU intends to involve in implementing various programmes in Central Asia."
)
_IMPLEMENTERS_RU = (
    "В числе тех, кого ЕС намерен привлечь к реализации различных программ в Центральной Азии."
)
_IFI_EN = (
    "An international financial institution the EU intends to involve in implementing "
    "programmes in Central Asia."
)
_IFI_RU = (
    "Международный финансовый институт, который ЕС намерен привлечь к реализации программ в "
    "Центральной Азии."
)
_REGIONAL_EN = (
    "A regional structure in Central Asia with which the EU and Central Asia are ready to "
    "engage constructively."
)
_REGIONAL_RU = (
    "Существующая в Центральной Азии региональная структура, с которой ЕС и ЦА готовы к "
    "конструктивному взаимодействию."
)


def _org(slug, kind, acronym, name, role, website="", initiator=None):
    return {
        "slug": slug,
        "kind": kind,
        "acronym_en": acronym[0],
        "acronym_ru": acronym[1],
        "name_en": name[0],
        "name_ru": name[1],
        "role_en": role[0],
        "role_ru": role[1],
        "website": website,
        "initiator": initiator,
    }


ORGANISATIONS = [
    _org(
        "eu",
        "eu",
        ("EU", "ЕС"),
        ("European Union", "Европейский Союз"),
        (
            "The author of the Strategy. Its delegation to the sixth EU\u2013Central Asia "
            "foreign ministers' meeting (Bishkek, 2012) is headed by the High Representative "
            "for Foreign Affairs and Security Policy.",
            "Автор Стратегии. Главой европейской делегации на шестой встрече министров "
            "иностранных дел ЕС\u2013ЦА (Бишкек, 2012 г.) выступает Верховный представитель ЕС "
            "по иностранным делам и политике безопасности.",
        ),
        "https://european-union.europa.eu/",
    ),
    _org(
        "european-commission",
        "eu",
        ("EC", "ЕК"),
        ("European Commission", "Европейская Комиссия"),
        (
            "Its projects are " + _IMPLEMENTERS_EN[0].lower() + _IMPLEMENTERS_EN[1:],
            "Её проекты \u2014 " + _IMPLEMENTERS_RU[0].lower() + _IMPLEMENTERS_RU[1:],
        ),
        "https://commission.europa.eu/",
    ),
    _org(
        "un",
        "international",
        ("UN", "ООН"),
        ("United Nations", "Организация Объединённых Наций"),
        (_IMPLEMENTERS_EN, _IMPLEMENTERS_RU),
        "https://www.un.org/",
    ),
    _org(
        "osce",
        "international",
        ("OSCE", "ОБСЕ"),
        (
            "Organization for Security and Co-operation in Europe",
            "Организация по безопасности и сотрудничеству в Европе",
        ),
        (_IMPLEMENTERS_EN, _IMPLEMENTERS_RU),
        "https://www.osce.org/",
    ),
    _org(
        "nato",
        "international",
        ("NATO", "НАТО"),
        ("North Atlantic Treaty Organization", "Организация Североатлантического договора"),
        (_IMPLEMENTERS_EN, _IMPLEMENTERS_RU),
        "https://www.nato.int/",
    ),
    _org(
        "venice-commission",
        "international",
        ("", ""),
        (
            "Venice Commission (European Commission for Democracy through Law)",
            "Венецианская комиссия (Европейская комиссия за демократию через право)",
        ),
        (_IMPLEMENTERS_EN, _IMPLEMENTERS_RU),
        "https://www.venice.coe.int/",
    ),
    _org(
        "council-of-europe",
        "international",
        ("CoE", "СЕ"),
        ("Council of Europe", "Совет Европы"),
        (_IMPLEMENTERS_EN, _IMPLEMENTERS_RU),
        "https://www.coe.int/",
    ),
    _org(
        "world-bank",
        "financial",
        ("", ""),
        ("World Bank", "Всемирный банк"),
        (_IFI_EN, _IFI_RU),
        "https://www.worldbank.org/",
    ),
    _org(
        "ebrd",
        "financial",
        ("EBRD", "ЕБРР"),
        (
            "European Bank for Reconstruction and Development",
            "Европейский банк реконструкции и развития",
        ),
        (_IFI_EN, _IFI_RU),
        "https://www.ebrd.com/",
    ),
    _org(
        "eib",
        "financial",
        ("EIB", "ЕИБ"),
        ("European Investment Bank", "Европейский инвестиционный банк"),
        (_IFI_EN, _IFI_RU),
        "https://www.eib.org/",
    ),
    _org(
        "eurasec",
        "regional",
        ("EurAsEC", "ЕвраЗЭС"),
        ("Eurasian Economic Community", "Евразийское экономическое сообщество"),
        (_REGIONAL_EN, _REGIONAL_RU),
    ),
    _org(
        "sco",
        "regional",
        ("SCO", "ШОС"),
        ("Shanghai Cooperation Organisation", "Шанхайская организация сотрудничества"),
        (_REGIONAL_EN, _REGIONAL_RU),
    ),
    _org(
        "csto",
        "regional",
        ("CSTO", "ОДКБ"),
        (
            "Collective Security Treaty Organization",
            "Организация Договора о коллективной безопасности",
        ),
        (_REGIONAL_EN, _REGIONAL_RU),
    ),
    _org(
        "carec",
        "regional",
        ("CAREC", "ЦАРЭС"),
        (
            "Central Asia Regional Economic Cooperation",
            "Центральноазиатская региональная экономическая кооперация",
        ),
        (_REGIONAL_EN, _REGIONAL_RU),
        "https://www.carecprogram.org/",
    ),
    _org(
        "cica",
        "regional",
        ("CICA", "СВМДА"),
        (
            "Conference on Interaction and Confidence-Building Measures in Asia",
            "Совещание по взаимодействию и мерам доверия в Азии",
        ),
        (
            _REGIONAL_EN + " Kazakhstan initiated it.",
            _REGIONAL_RU + " Инициатором является Казахстан.",
        ),
        "https://www.s-cica.org/",
        initiator="KZ",
    ),
]

INSTRUMENTS = [
    {
        "slug": "partnership-and-cooperation-agreements",
        "name_en": (
            "Partnership and Cooperation Agreements of individual EU states with Central Asia"
        ),
        "name_ru": "Соглашения о партнерстве и сотрудничестве отдельных государств ЕС с ЦА",
        "description_en": _IMPLEMENTERS_EN,
        "description_ru": _IMPLEMENTERS_RU,
    },
]

ENVELOPE = {
    "slug": "eu-budget",
    "title_en": "EU budget for implementing the Strategy",
    "title_ru": "Средства бюджета Евросоюза на реализацию Стратегии",
    "source_en": "EU budget",
    "source_ru": "Бюджет Евросоюза",
    "amount": Decimal("719000000.00"),
    "description_en": (
        "The total amount allocated from the European Union budget to implement the Strategy is "
        "EUR 719 million (for all five countries of the region)."
    ),
    "description_ru": (
        "Общая сумма, выделяемая из бюджета Евросоюза на реализацию Стратегии, составляет "
        "719 млн. евро (на все 5 стран региона)."
    ),
    "countries": CENTRAL_ASIA,
}
