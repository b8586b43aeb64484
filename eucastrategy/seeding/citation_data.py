"""Seed data: what each seeded fact rests on (``core.sources``).

For each seeded record, keyed as ``RECORDS`` says, and each of its key fields
(``core.registry.key_fields()``), the citations: a passage of the source text quoted
verbatim (``quote``), another source (ISO 3166 for country codes, the European Council's
conclusions for the date the Strategy was adopted), or the editors' decision with its reason
in both languages (``editorial``). The loader skips a field that is blank.
"""

from . import commitment_data, partner_data, strategy_data
from .source_data import EDITORIAL, EUROPEAN_COUNCIL, ISO, SOURCE_TEXT


def quote(passage: str, note: tuple[str, str] | None = None) -> dict:
    """A passage of the source text, verbatim."""
    note_en, note_ru = note or ("", "")
    return {"source": SOURCE_TEXT, "locator": passage, "note_en": note_en, "note_ru": note_ru}


def editorial(note_en: str, note_ru: str) -> dict:
    """The editors' decision, and why."""
    return {"source": EDITORIAL, "locator": "", "note_en": note_en, "note_ru": note_ru}


def iso_code(code: str, name: str) -> dict:
    return {"source": ISO, "locator": f"{code} \u2013 {name}", "note_en": "", "note_ru": ""}


ADOPTED = {
    "source": EUROPEAN_COUNCIL,
    "locator": "",
    "note_en": (
        "The European Council adopted the Strategy at its meeting of 21\u201322 June 2007; "
        "the source text gives no date."
    ),
    "note_ru": (
        "Европейский совет утвердил Стратегию на заседании 21\u201322 июня 2007 г.; в "
        "исходном тексте даты нет."
    ),
}

# --- Reasons for editorial facts --------------------------------------------------------------

KIND = editorial(
    "The text does not say what kind of organisation this is: the kind is the editors' "
    "classification.",
    "Вид организации в тексте не указан: его определила редакция.",
)
WEBSITE = editorial(
    "The organisation's official website: the text gives no addresses.",
    "Официальный сайт организации: адресов в тексте нет.",
)
FULL_NAME = editorial(
    "The text gives only the acronym: the full name behind it is the organisation's official name.",
    "В тексте только аббревиатура: полное название \u2014 официальное название организации.",
)
ACRONYM = editorial(
    "The text gives no acronym: this is the organisation's usual abbreviation.",
    "Аббревиатуры в тексте нет: это принятое сокращение названия организации.",
)
PRIORITY_THEMES = editorial(
    "Tagging a priority area with themes is editorial: it links the text's themes to the "
    "text's priorities.",
    "Темы приоритета проставлены редакцией: они связывают темы текста с его приоритетами.",
)
FIVE_COUNTRIES = editorial(
    "The text speaks of «все 5 стран региона» (all five countries of the region) without "
    "naming them: they are the five Central Asian countries.",
    "В тексте сказано «все 5 стран региона» без названий: это пять стран Центральной Азии.",
)
UNNAMED_COUNTRY = editorial(
    "Of the Central Asian countries the text names only Kazakhstan; this is one of the five "
    "it speaks of as a whole («все 5 стран региона»), under its usual name.",
    "Из стран Центральной Азии в тексте назван только Казахстан; это одна из пяти стран "
    "региона, о которых текст говорит в целом («все 5 стран региона»), под её принятым "
    "названием.",
)
LIST_ORDER = editorial(
    "The text says five meetings took place and lists them by year; the number is the "
    "meeting's place in that list.",
    "В тексте сказано, что состоялось пять встреч, и они перечислены по годам; номер \u2014 "
    "место встречи в этом перечне.",
)


def host(city_en: str, country_en: str, city_ru: str, country_ru: str) -> dict:
    return editorial(
        f"The text names only the city, {city_en}; the host country is the country the city "
        f"is in, {country_en}.",
        f"В тексте назван только город ({city_ru}); страна проведения \u2014 страна, где он "
        f"находится: {country_ru}.",
    )


# --- Passages used more than once ----------------------------------------------------------

REGIONAL = (
    "Одним из приоритетов Стратегии ЕС в отношении ЦА является содействие региональной кооперации."
)
INTEGRATION = (
    "В этой связи Стратегия ЕС нацелена на то, чтобы придать новый импульс интеграционным "
    "процессам в регионе, в частности, созданию единого рынка в Центральной Азии, "
    "регулированию проблем водопользования, развитию региональной безопасности."
)
ECONOMY = "В экономической области Евросоюз готов оказывать странам региона содействие"
SECURITY = "в рамках стратегии ЕС оказывать содействие странам региона в борьбе с"
BISHKEK_AGENDA = (
    "сотрудничестве в области энергетики, транспорта, охраны окружающей среды, управления "
    "водными ресурсами, содействия торговле и инвестициям"
)
IFIS = (
    "международные финансовые институты, в частности, Всемирный банк, Европейский банк "
    "реконструкции и развития, Европейский инвестиционный банк"
)
STRUCTURES = (
    "существующими в Центральной Азии региональными структурами, такими как ЕвраЗЭС, "
    "Шанхайская организация сотрудничества, ОДКБ, Центральноазиатская региональная "
    "экономическая кооперация, а также СВМДА"
)
KZ_APPROVED = "Для каждой страны региона в 2009 г. утверждены свои национальные приоритеты."
IDRISSOV = "Казахстан будет представлять Министр Е.Идрисов"
ASHTON = (
    "Главой европейской делегации выступает Верховный представитель ЕС по иностранным делам и "
    "политике безопасности К.Эштон"
)
SIXTH = (
    "Шестая встреча в формате «Европейский Союз – Центральная Азия» на уровне министров "
    "иностранных дел состоится 26-27 ноября 2012 г. в Бишкеке"
)

# --- The priorities app ----------------------------------------------------------------------

STRATEGY = {
    "eu-central-asia": {
        "title": [quote("Стратегия Европейского Союза в отношении стран Центральной Азии")],
        "initiative": [quote("Подготовленная по инициативе Германии")],
        "summary": [
            quote(
                "Подготовленная по инициативе Германии Стратегия Европейского Союза в отношении "
                "стран Центральной Азии представляет собой документ, призванный содействовать "
                "дальнейшему развитию всего комплекса взаимоотношений между ЕС и ЦА. Это первый "
                "такого рода документ ЕС по отношению к ЦА, что отражает долгосрочную тенденцию "
                "растущего интереса Евросоюза в целом к Центральной Азии.",
                (
                    "The summary puts together this opening paragraph and the text's sentences "
                    "on the Central Asian countries' views, on stability and security, on the "
                    "annual dialogue and on new forms of dialogue.",
                    "Краткое изложение составлено из этого первого абзаца и фраз текста о мнении "
                    "центральноазиатских стран, о стабильности и безопасности, о ежегодном "
                    "диалоге и о новых формах диалога.",
                ),
            )
        ],
        "aim": [
            quote(
                "Целью этого диалога является содействие безопасности, стабильности и "
                "процветанию в Центральной Азии."
            )
        ],
    },
}

_ISO_NAMES = {
    "KZ": "Kazakhstan",
    "KG": "Kyrgyzstan",
    "TJ": "Tajikistan",
    "TM": "Turkmenistan",
    "UZ": "Uzbekistan",
    "BE": "Belgium",
}
COUNTRIES = {
    code: {"code": [iso_code(code, name)], "name": [UNNAMED_COUNTRY]}
    for code, name in _ISO_NAMES.items()
}
COUNTRIES["KZ"]["name"] = [quote("инициатором которого является Казахстан")]
COUNTRIES["BE"]["name"] = [
    editorial(
        "The text does not name Belgium: it names Brussels, where a meeting was held; Belgium "
        "is the country Brussels is in.",
        "Бельгия в тексте не названа: назван Брюссель, где прошла встреча; Бельгия \u2014 "
        "страна, где он находится.",
    )
]

_THEME_PASSAGES = {
    "wto-accession": "содействие в процессе вступления в ВТО",
    "economic-modernisation": "дальнейшей модернизации экономических и финансовых систем",
    "infrastructure": "развитии инфраструктуры",
    "european-technology-and-markets": (
        "в доступе к современным европейским технологиям и инновациям, а также выходе на "
        "европейские рынки"
    ),
    "organised-crime": "в борьбе с организованной преступностью",
    "drug-trafficking": "в борьбе с организованной преступностью, наркотрафиком",
    "corruption": "наркотрафиком, коррупцией",
    "human-trafficking": "коррупцией, торговлей людьми",
    "migration": "решении проблем миграции",
    "border-issues": "урегулировании приграничных проблем, включая границы с Афганистаном",
    "regional-security": "вопросах обеспечения безопасности в регионе",
    "energy": BISHKEK_AGENDA,
    "transport": BISHKEK_AGENDA,
    "environment": BISHKEK_AGENDA,
    "water-management": BISHKEK_AGENDA,
    "trade-and-investment": BISHKEK_AGENDA,
}
THEMES = {slug: {"name": [quote(passage)]} for slug, passage in _THEME_PASSAGES.items()}


def _kz(title: str) -> dict:
    return {
        "title": [quote(title)],
        "approved_year": [quote(KZ_APPROVED)],
        "themes": [PRIORITY_THEMES],
    }


def _part(title: str) -> dict:
    return {"title": [quote(title)], "parent": [quote(INTEGRATION)], "themes": [PRIORITY_THEMES]}


PRIORITIES = {
    "kz-human-rights-rule-of-law-governance": _kz(
        "Права человека, верховенство закона и эффективное государственное управление и "
        "демократизация."
    ),
    "kz-youth-and-education": _kz("Инвестирование в будущее: молодежь и образование."),
    "kz-economic-development-trade-investment": _kz(
        "Содействие экономическому развитию, торговле и инвестициям"
    ),
    "kz-energy-and-transport-links": _kz("Усиление энергетических и транспортных связей"),
    "kz-environment-and-water": _kz("Экологическая устойчивость и управление водными ресурсами"),
    "kz-common-threats-and-challenges": _kz("Борьба с общими угрозами и вызовами"),
    "regional-cooperation": {"title": [quote(REGIONAL)]},
    "regional-single-market": _part("созданию единого рынка в Центральной Азии"),
    "regional-water-use": _part("регулированию проблем водопользования"),
    "regional-security": _part("развитию региональной безопасности"),
}

# A priority the seed tags with no theme has no tagging to cite.
for _row in strategy_data.PRIORITIES:
    if not _row["themes"]:
        PRIORITIES[_row["slug"]].pop("themes", None)

# --- The funding app -------------------------------------------------------------------------

_IFI = [quote(IFIS)]
_STRUCTURE = [quote(STRUCTURES)]

ORGANISATIONS = {
    "eu": {
        "acronym": [quote("между ЕС и ЦА")],
        "name": [quote("Стратегия Европейского Союза")],
        "kind": [KIND],
    },
    "european-commission": {
        "name": [quote("проекты Европейской Комиссии")],
        "acronym": [ACRONYM],
        "kind": [KIND],
    },
    "un": {"acronym": [quote("ООН")], "name": [FULL_NAME], "kind": [KIND]},
    "osce": {"acronym": [quote("ОБСЕ")], "name": [FULL_NAME], "kind": [KIND]},
    "nato": {"acronym": [quote("НАТО")], "name": [FULL_NAME], "kind": [KIND]},
    "venice-commission": {
        "name": [
            quote("Венецианская комиссия"),
            editorial(
                "The text says «Венецианская комиссия» (Venice Commission); its official name in "
                "brackets, the European Commission for Democracy through Law, is the editors' "
                "addition.",
                "В тексте \u2014 «Венецианская комиссия»; официальное название в скобках "
                "(Европейская комиссия за демократию через право) добавлено редакцией.",
            ),
        ],
        "kind": [KIND],
    },
    "council-of-europe": {
        "name": [quote("Совет Европы")],
        "acronym": [ACRONYM],
        "kind": [KIND],
    },
    "world-bank": {"name": [quote("Всемирный банк")], "kind": _IFI},
    "ebrd": {
        "name": [quote("Европейский банк реконструкции и развития")],
        "acronym": [ACRONYM],
        "kind": _IFI,
    },
    "eib": {"name": [quote("Европейский инвестиционный банк")], "acronym": [ACRONYM], "kind": _IFI},
    "eurasec": {"acronym": [quote("ЕвраЗЭС")], "name": [FULL_NAME], "kind": _STRUCTURE},
    "sco": {
        "name": [quote("Шанхайская организация сотрудничества")],
        "acronym": [ACRONYM],
        "kind": _STRUCTURE,
    },
    "csto": {"acronym": [quote("ОДКБ")], "name": [FULL_NAME], "kind": _STRUCTURE},
    "carec": {
        "name": [quote("Центральноазиатская региональная экономическая кооперация")],
        "acronym": [ACRONYM],
        "kind": _STRUCTURE,
    },
    "cica": {
        "acronym": [quote("СВМДА")],
        "name": [FULL_NAME],
        "kind": _STRUCTURE,
        "initiator": [quote("СВМДА, инициатором которого является Казахстан")],
    },
}
for _row in partner_data.ORGANISATIONS:
    if _row["website"]:
        ORGANISATIONS[_row["slug"]]["website"] = [WEBSITE]

INSTRUMENTS = {
    "partnership-and-cooperation-agreements": {
        "name": [quote("Соглашения о партнерстве и сотрудничестве отдельных государств ЕС с ЦА")]
    },
}

ENVELOPES = {
    "eu-budget": {
        "amount": [
            quote(
                "Общая сумма, выделяемая из бюджета Евросоюза на реализацию Стратегии, "
                "составляет 719 млн. евро (на все 5 стран региона)."
            )
        ],
        "countries": [quote("(на все 5 стран региона)"), FIVE_COUNTRIES],
    },
}

# --- The meetings app ------------------------------------------------------------------------


def _listed(passage: str, where: tuple[str, str, str, str]) -> dict:
    return {
        "number": [
            quote("Всего состоялось пять встреч министров иностранных дел ЕС-ЦА"),
            LIST_ORDER,
        ],
        "year": [quote(passage)],
        "city": [quote(passage)],
        "host_country": [host(*where)],
    }


MEETINGS = {
    1: _listed("2007 г. – Астана", ("Astana", "Kazakhstan", "Астана", "Казахстан")),
    2: _listed("2008 г. – Ашхабад", ("Ashgabat", "Turkmenistan", "Ашхабад", "Туркменистан")),
    3: _listed("2009 г. – Душанбе", ("Dushanbe", "Tajikistan", "Душанбе", "Таджикистан")),
    4: _listed("2010 г. - Брюссель", ("Brussels", "Belgium", "Брюссель", "Бельгия")),
    5: _listed("2011 г. – Ташкент", ("Tashkent", "Uzbekistan", "Ташкент", "Узбекистан")),
    6: {
        "number": [quote(SIXTH)],
        "year": [quote(SIXTH)],
        "city": [quote(SIXTH)],
        "start_date": [quote(SIXTH)],
        "host_country": [host("Bishkek", "Kyrgyzstan", "Бишкек", "Кыргызстан")],
        "agenda": [
            quote(
                "В ходе конференции в Бишкеке внимание будет акцентировано на вопросах "
                "обеспечения безопасности в регионе в связи с выводом международных войск из "
                "Афганистана в 2014 г., а также " + BISHKEK_AGENDA + "."
            )
        ],
        "themes": [
            editorial(
                "Tagging the agenda with themes is editorial: the tags name the topics the "
                "text lists for the Bishkek meeting.",
                "Темы повестки проставлены редакцией: они называют вопросы, которые текст "
                "перечисляет для встречи в Бишкеке.",
            )
        ],
    },
}

# Keyed by (meeting number, ordinal): the order the text names them in.
PARTICIPANTS = {  # (meeting number, English name), as the loader finds them
    (6, "E. Idrissov"): {
        "person": [quote(IDRISSOV)],
        "role": [quote(IDRISSOV)],
        "country": [quote(IDRISSOV)],
        "heads_delegation": [
            quote(IDRISSOV),
            editorial(
                "The text says Minister E. Idrissov will represent Kazakhstan: the editors read "
                "this as heading Kazakhstan's delegation.",
                "В тексте сказано, что Казахстан будет представлять министр Е. Идрисов: "
                "редакция считает его главой делегации Казахстана.",
            ),
        ],
    },
    (6, "C. Ashton"): {
        "person": [quote(ASHTON)],
        "role": [quote(ASHTON)],
        "organisation": [quote(ASHTON)],
        "heads_delegation": [quote(ASHTON)],
    },
}

_PARTIES = {
    "eu-economic-assistance": [quote(ECONOMY)],
    "eu-security-assistance": [quote(SECURITY)],
    "eu-programme-partners": [
        quote("ЕС намерен привлечь к реализации различных программ в Центральной Азии")
    ],
    "regional-structures-interaction": [quote("ЕС и ЦА готовы к конструктивному взаимодействию")],
    "new-forms-of-dialogue": [
        editorial(
            "The sentence is impersonal («Предполагается…»): the Strategy is the EU's document, "
            "so the EU is the party.",
            "Фраза безличная («Предполагается…»): Стратегия \u2014 документ ЕС, поэтому "
            "сторона \u2014 ЕС.",
        )
    ],
    "regional-integration-impetus": [
        quote("Стратегия ЕС нацелена на то, чтобы придать новый импульс")
    ],
}
_CENTRAL_ASIA_PARTIES = [
    quote("ЕС и ЦА готовы к конструктивному взаимодействию"),
    editorial(
        "«ЦА» (Central Asia) in the text: the editors read it as the five Central Asian countries.",
        "«ЦА» в тексте: редакция понимает под этим пять стран Центральной Азии.",
    ),
]
_LINKED = editorial(
    "Linking a commitment to priority areas is editorial: the text does not link them itself.",
    "Связь обязательства с приоритетами установлена редакцией: сам текст их не связывает.",
)
_LINKED_REGIONAL = editorial(
    "The text states this right after naming regional cooperation as a priority («В этой "
    "связи»); the editors link it to that priority and its parts.",
    "Текст говорит об этом сразу после того, как называет приоритетом региональную кооперацию "
    "(«В этой связи»); редакция связывает обязательство с этим приоритетом и его частями.",
)
_TAGGED = editorial(
    "Tagging a commitment with themes is editorial: the tags name what the text's sentence covers.",
    "Темы обязательства проставлены редакцией: они называют то, о чём говорит фраза текста.",
)


def _commitment(row: dict) -> dict:
    """Its text, parties and date, and the links it has (a link it hasn't is no fact)."""
    fields = {
        "text": [quote(row["quote"])],
        "organisations": _PARTIES[row["slug"]],
        "countries": _CENTRAL_ASIA_PARTIES,
        "involves": [quote(row["quote"])],
        "priorities": [
            _LINKED_REGIONAL if row["slug"] == "regional-integration-impetus" else _LINKED
        ],
        "themes": [_TAGGED],
        "date": [ADOPTED],
    }
    return {name: cited for name, cited in fields.items() if name in ("text", "date") or row[name]}


COMMITMENTS = {row["slug"]: _commitment(row) for row in commitment_data.COMMITMENTS}
# The one "announced" entry of each: the date is the Strategy's.
STATUS_CHANGES = {
    (row["slug"], commitment_data.ANNOUNCED["status"]): {"date": [ADOPTED]}
    for row in commitment_data.COMMITMENTS
}

# model label -> {record key -> {field -> [citation, ...]}}; the loader finds the records.
RECORDS = {
    "priorities.strategy": STRATEGY,
    "priorities.country": COUNTRIES,
    "priorities.theme": THEMES,
    "priorities.priorityarea": PRIORITIES,
    "funding.organisation": ORGANISATIONS,
    "funding.instrument": INSTRUMENTS,
    "funding.budgetenvelope": ENVELOPES,
    "meetings.meeting": MEETINGS,
    "meetings.participant": PARTICIPANTS,
    "meetings.commitment": COMMITMENTS,
    "meetings.statuschange": STATUS_CHANGES,
}
