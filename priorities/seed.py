"""The facts the portal ships with, from the source document (a copy is in
priorities/source/eu-central-asia-strategy.ru.txt, from shared/seed/).

Russian texts are the document's own wording; English is a faithful translation. Facts the
document does not state (ISO codes, acronyms' full names, websites, the host country of a
city) are public and were checked. Fields the document is silent on are left out (blank).
Tagging priorities and agendas with themes is editorial: it only links the document's
themes to the document's priorities.
"""

import datetime
from decimal import Decimal

STRATEGY = {
    "slug": "eu-central-asia",
    "title_en": "EU Strategy for Central Asia",
    "title_ru": "Стратегия Европейского Союза в отношении стран Центральной Азии",
    "initiative_en": "Germany",
    "initiative_ru": "Германия",
    "summary_en": (
        "Prepared on Germany's initiative, the European Union's Strategy for Central Asia is a "
        "document intended to further develop the whole range of relations between the EU and "
        "Central Asia. It is the EU's first document of its kind on Central Asia, reflecting the "
        "long-term trend of the European Union's growing interest in Central Asia as a whole.\n\n"
        "Although the Strategy is a purely internal EU document, it matters that the views of "
        "the Central Asian countries themselves were taken into account in drafting it.\n\n"
        "Stability and security are singled out as the EU's strategic interest in Central Asia, "
        "which fully echoes the interests of the countries of the region themselves.\n\n"
        "The Strategy establishes an annual dialogue in the \u201cEuropean Union \u2013 Central "
        "Asia\u201d format at the level of foreign ministers. In cooperating with the Central "
        "Asian states, the intention is not to be limited to existing instruments but to seek "
        "new forms of developing the dialogue."
    ),
    "summary_ru": (
        "Подготовленная по инициативе Германии Стратегия Европейского Союза в отношении стран "
        "Центральной Азии представляет собой документ, призванный содействовать дальнейшему "
        "развитию всего комплекса взаимоотношений между ЕС и ЦА. Это первый такого рода документ "
        "ЕС по отношению к ЦА, что отражает долгосрочную тенденцию растущего интереса Евросоюза в "
        "целом к Центральной Азии.\n\n"
        "Несмотря на то, что Стратегия является сугубо внутренним документом ЕС, важно, что при "
        "разработке стратегии учитывалось мнение самих центральноазиатских стран.\n\n"
        "В качестве стратегического интереса ЕС в ЦА выделены именно стабильность и безопасность, "
        "что в полной мере перекликается с интересами самих стран региона.\n\n"
        "В рамках Стратегии установлен ежегодный диалог в формате «Европейский Союз - Центральная "
        "Азия» на уровне министров иностранных дел. Предполагается в сотрудничестве с "
        "центральноазиатскими государствами не ограничиваться уже имеющимися инструментами, а "
        "изыскивать новые формы развития диалога."
    ),
    "aim_en": "To promote security, stability and prosperity in Central Asia.",
    "aim_ru": "Содействие безопасности, стабильности и процветанию в Центральной Азии.",
}

CENTRAL_ASIA = ["KZ", "KG", "TJ", "TM", "UZ"]

COUNTRIES = [
    {"code": "KZ", "name_en": "Kazakhstan", "name_ru": "Казахстан", "region": "central-asia"},
    {"code": "KG", "name_en": "Kyrgyzstan", "name_ru": "Кыргызстан", "region": "central-asia"},
    {"code": "TJ", "name_en": "Tajikistan", "name_ru": "Таджикистан", "region": "central-asia"},
    {"code": "TM", "name_en": "Turkmenistan", "name_ru": "Туркменистан", "region": "central-asia"},
    {"code": "UZ", "name_en": "Uzbekistan", "name_ru": "Узбекистан", "region": "central-asia"},
    {"code": "BE", "name_en": "Belgium", "name_ru": "Бельгия", "region": "europe"},
]

THEMES = [
    # Economic cooperation
    ("wto-accession", "WTO accession", "Вступление в ВТО"),
    (
        "economic-modernisation",
        "Modernisation of economic and financial systems",
        "Модернизация экономических и финансовых систем",
    ),
    ("infrastructure", "Infrastructure development", "Развитие инфраструктуры"),
    (
        "european-technology-and-markets",
        "Access to modern European technology, innovation and markets",
        "Доступ к современным европейским технологиям, инновациям и рынкам",
    ),
    # Security and justice
    ("organised-crime", "Organised crime", "Организованная преступность"),
    ("drug-trafficking", "Drug trafficking", "Наркотрафик"),
    ("corruption", "Corruption", "Коррупция"),
    ("human-trafficking", "Human trafficking", "Торговля людьми"),
    ("migration", "Migration", "Миграция"),
    (
        "border-issues",
        "Border issues, including the borders with Afghanistan",
        "Приграничные проблемы, включая границы с Афганистаном",
    ),
    ("regional-security", "Regional security", "Безопасность в регионе"),
    # Sectoral cooperation (the Bishkek agenda)
    ("energy", "Energy", "Энергетика"),
    ("transport", "Transport", "Транспорт"),
    ("environment", "Environmental protection", "Охрана окружающей среды"),
    ("water-management", "Water management", "Управление водными ресурсами"),
    ("trade-and-investment", "Trade and investment", "Содействие торговле и инвестициям"),
]

_REGIONAL_COOPERATION_RU = (
    "Одним из приоритетов Стратегии ЕС в отношении ЦА является содействие региональной "
    "кооперации. В этой связи Стратегия ЕС нацелена на то, чтобы придать новый импульс "
    "интеграционным процессам в регионе."
)
_REGIONAL_COOPERATION_EN = (
    "Promoting regional cooperation is one of the priorities of the EU Strategy for Central "
    "Asia. To that end the Strategy aims to give new impetus to integration processes in the "
    "region."
)

PRIORITIES = [
    # Kazakhstan's national priorities, approved in 2009, in the document's order and wording.
    {
        "slug": "kz-human-rights-rule-of-law-governance",
        "country": "KZ",
        "ordinal": 1,
        "approved_year": 2009,
        "title_en": "Human rights, the rule of law, effective governance and democratisation",
        "title_ru": (
            "Права человека, верховенство закона и эффективное государственное управление и "
            "демократизация"
        ),
        "themes": [],
    },
    {
        "slug": "kz-youth-and-education",
        "country": "KZ",
        "ordinal": 2,
        "approved_year": 2009,
        "title_en": "Investing in the future: youth and education",
        "title_ru": "Инвестирование в будущее: молодежь и образование",
        "themes": [],
    },
    {
        "slug": "kz-economic-development-trade-investment",
        "country": "KZ",
        "ordinal": 3,
        "approved_year": 2009,
        "title_en": "Promoting economic development, trade and investment",
        "title_ru": "Содействие экономическому развитию, торговле и инвестициям",
        "themes": [
            "wto-accession",
            "economic-modernisation",
            "european-technology-and-markets",
            "trade-and-investment",
        ],
    },
    {
        "slug": "kz-energy-and-transport-links",
        "country": "KZ",
        "ordinal": 4,
        "approved_year": 2009,
        "title_en": "Strengthening energy and transport links",
        "title_ru": "Усиление энергетических и транспортных связей",
        "themes": ["energy", "transport", "infrastructure"],
    },
    {
        "slug": "kz-environment-and-water",
        "country": "KZ",
        "ordinal": 5,
        "approved_year": 2009,
        "title_en": "Environmental sustainability and water management",
        "title_ru": "Экологическая устойчивость и управление водными ресурсами",
        "themes": ["environment", "water-management"],
    },
    {
        "slug": "kz-common-threats-and-challenges",
        "country": "KZ",
        "ordinal": 6,
        "approved_year": 2009,
        "title_en": "Combating common threats and challenges",
        "title_ru": "Борьба с общими угрозами и вызовами",
        "themes": [
            "organised-crime",
            "drug-trafficking",
            "corruption",
            "human-trafficking",
            "migration",
            "border-issues",
            "regional-security",
        ],
    },
    # Regional cooperation: integration processes the Strategy aims to give new impetus to.
    {
        "slug": "regional-single-market",
        "country": None,
        "ordinal": 1,
        "approved_year": None,
        "title_en": "Creating a single market in Central Asia",
        "title_ru": "Создание единого рынка в Центральной Азии",
        "description_en": _REGIONAL_COOPERATION_EN,
        "description_ru": _REGIONAL_COOPERATION_RU,
        "themes": ["trade-and-investment"],
    },
    {
        "slug": "regional-water-use",
        "country": None,
        "ordinal": 2,
        "approved_year": None,
        "title_en": "Addressing water-use problems",
        "title_ru": "Регулирование проблем водопользования",
        "description_en": _REGIONAL_COOPERATION_EN,
        "description_ru": _REGIONAL_COOPERATION_RU,
        "themes": ["water-management"],
    },
    {
        "slug": "regional-security",
        "country": None,
        "ordinal": 3,
        "approved_year": None,
        "title_en": "Developing regional security",
        "title_ru": "Развитие региональной безопасности",
        "description_en": _REGIONAL_COOPERATION_EN,
        "description_ru": _REGIONAL_COOPERATION_RU,
        "themes": ["regional-security", "border-issues"],
    },
]

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

MEETINGS = [
    {
        "number": 1,
        "year": 2007,
        "slug": "2007-astana",
        "country": "KZ",
        "city": ("Astana", "Астана"),
    },
    {
        "number": 2,
        "year": 2008,
        "slug": "2008-ashgabat",
        "country": "TM",
        "city": ("Ashgabat", "Ашхабад"),
    },
    {
        "number": 3,
        "year": 2009,
        "slug": "2009-dushanbe",
        "country": "TJ",
        "city": ("Dushanbe", "Душанбе"),
    },
    {
        "number": 4,
        "year": 2010,
        "slug": "2010-brussels",
        "country": "BE",
        "city": ("Brussels", "Брюссель"),
    },
    {
        "number": 5,
        "year": 2011,
        "slug": "2011-tashkent",
        "country": "UZ",
        "city": ("Tashkent", "Ташкент"),
    },
    {
        "number": 6,
        "year": 2012,
        "slug": "2012-bishkek",
        "country": "KG",
        "city": ("Bishkek", "Бишкек"),
        "start_date": datetime.date(2012, 11, 26),
        "end_date": datetime.date(2012, 11, 27),
        "agenda_en": (
            "Security in the region in view of the withdrawal of international troops from "
            "Afghanistan in 2014; cooperation in energy, transport, environmental protection, "
            "water management, and the promotion of trade and investment."
        ),
        "agenda_ru": (
            "Обеспечение безопасности в регионе в связи с выводом международных войск из "
            "Афганистана в 2014 г.; сотрудничество в области энергетики, транспорта, охраны "
            "окружающей среды, управления водными ресурсами, содействия торговле и инвестициям."
        ),
        "themes": [
            "regional-security",
            "energy",
            "transport",
            "environment",
            "water-management",
            "trade-and-investment",
        ],
        "participants": [
            {
                "ordinal": 1,
                "person_en": "E. Idrissov",
                "person_ru": "Е. Идрисов",
                "role_en": "Minister",
                "role_ru": "Министр",
                "country": "KZ",
                "organisation": None,
                "heads_delegation": False,
            },
            {
                "ordinal": 2,
                "person_en": "C. Ashton",
                "person_ru": "К. Эштон",
                "role_en": "EU High Representative for Foreign Affairs and Security Policy",
                "role_ru": (
                    "Верховный представитель ЕС по иностранным делам и политике безопасности"
                ),
                "country": None,
                "organisation": "eu",
                "heads_delegation": True,
            },
        ],
    },
]
