"""Seed data: the EU–Central Asia ministerial meetings (see ``strategy_data``)."""

import datetime

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
                # «Казахстан будет представлять Министр Е.Идрисов»: he heads Kazakhstan's side.
                "heads_delegation": True,
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
