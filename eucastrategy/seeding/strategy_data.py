"""The facts the portal ships with, from the source document (a copy is in
eucastrategy/seeding/source/eu-central-asia-strategy.ru.txt, from shared/seed/). This module
has the strategy, countries, themes and priority areas; ``partner_data`` the organisations
and funding, ``meeting_data`` the ministerial meetings.

Russian texts are the document's own wording; English is a faithful translation. Facts the
document does not state (ISO codes, acronyms' full names, websites, the host country of a
city) are public and were checked. Fields the document is silent on are left out (blank).
Tagging priorities and agendas with themes is editorial: it only links the document's
themes to the document's priorities.
"""

STRATEGY = {
    "slug": "eu-central-asia",
    "title_en": "EU Strategy for Central Asia",
    "title_ru": "Стратегия Европейского Союза в отношении стран Центральной Азии",
    "initiative_en": "Germany",
    "initiative_ru": "Германии",  # genitive, as the page reads it: «по инициативе Германии»
    "summary_en": (
        "Prepared on Germany's initiative, the European Union's Strategy for Central Asia is a "
        "document intended to further develop the whole range of relations between the EU and "
        "Central Asia. It is the EU's first document of its kind on Central Asia, reflecting the "
        "long-term trend of the growing interest of the European Union as a whole in Central "
        "Asia.\n\n"
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
    (
        "trade-and-investment",
        "Promotion of trade and investment",
        "Содействие торговле и инвестициям",
    ),
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
# The whole passage, for the regional priority itself (its parts keep the lines above).
_REGIONAL_WHOLE_RU = (
    "Одним из приоритетов Стратегии ЕС в отношении ЦА является содействие региональной "
    "кооперации. В этой связи Стратегия ЕС нацелена на то, чтобы придать новый импульс "
    "интеграционным процессам в регионе, в частности, созданию единого рынка в Центральной "
    "Азии, регулированию проблем водопользования, развитию региональной безопасности."
)
_REGIONAL_WHOLE_EN = (
    "Promoting regional cooperation is one of the priorities of the EU Strategy for Central "
    "Asia. To that end the EU Strategy aims to give new impetus to integration processes in the "
    "region, in particular to creating a single market in Central Asia, regulating water-use "
    "problems and developing regional security."
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
    # The one regional priority, regional cooperation, and its parts: the integration
    # processes the Strategy aims to give new impetus to. A part names its whole ("parent").
    {
        "slug": "regional-cooperation",
        "country": None,
        "ordinal": 1,
        "approved_year": None,
        "title_en": "Promoting regional cooperation",
        "title_ru": "Содействие региональной кооперации",
        "description_en": _REGIONAL_WHOLE_EN,
        "description_ru": _REGIONAL_WHOLE_RU,
        "themes": [],
    },
    {
        "slug": "regional-single-market",
        "parent": "regional-cooperation",
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
        "parent": "regional-cooperation",
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
        "parent": "regional-cooperation",
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
