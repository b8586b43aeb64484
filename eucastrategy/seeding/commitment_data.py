"""Seed data: the commitments the Strategy makes (see ``strategy_data``).

Exactly the commitments the source text states, each made in the Strategy. Russian texts
keep the text's wording, lightly edited to stand alone (a verb, a full name for «ЦА»);
English is a faithful translation. ``quote`` is the text's sentence, verbatim: the
evidence of the commitment's one "announced" status change.

The text gives no date: ``MADE_ON`` is the day the European Council adopted the Strategy
(Brussels, 21–22 June 2007), cited to its conclusions (``citation_data``).
"""

import datetime

from .strategy_data import CENTRAL_ASIA

MADE_ON = datetime.date(2007, 6, 22)

ANNOUNCED = {
    "status": "announced",
    "note_en": "Announced in the Strategy, as the source text states.",
    "note_ru": "Объявлено в Стратегии, как сказано в исходном тексте.",
}

COMMITMENTS = [
    {
        "slug": "eu-economic-assistance",
        "text_en": (
            "In the economic field, the European Union is ready to assist the countries of the "
            "region in the process of joining the WTO, the further modernisation of their "
            "economic and financial systems, the development of infrastructure, access to modern "
            "European technologies and innovation, and entry to European markets."
        ),
        "text_ru": (
            "В экономической области Евросоюз готов оказывать странам региона содействие в "
            "процессе вступления в ВТО, дальнейшей модернизации экономических и финансовых "
            "систем, развитии инфраструктуры, в доступе к современным европейским технологиям "
            "и инновациям, а также выходе на европейские рынки."
        ),
        "quote": (
            "В экономической области Евросоюз готов оказывать странам региона содействие в "
            "процессе вступления в ВТО, дальнейшей модернизации экономических и финансовых "
            "систем, развитии инфраструктуры, в доступе к современным европейским технологиям "
            "и инновациям, а также выходе на европейские рынки."
        ),
        "countries": [],
        "organisations": ["eu"],
        "involves": [],
        "priorities": ["kz-economic-development-trade-investment", "kz-energy-and-transport-links"],
        "themes": [
            "wto-accession",
            "economic-modernisation",
            "infrastructure",
            "european-technology-and-markets",
        ],
    },
    {
        "slug": "eu-security-assistance",
        "text_en": (
            "Within the Strategy, the EU is to assist the countries of the region in fighting "
            "organised crime, drug trafficking, corruption and human trafficking, in solving "
            "migration problems and in settling border problems, including the borders with "
            "Afghanistan."
        ),
        # The text's sentence has no verb before «оказывать»: the dash stands for it.
        "text_ru": (
            "В рамках Стратегии ЕС \u2014 оказывать содействие странам региона в борьбе с "
            "организованной преступностью, наркотрафиком, коррупцией, торговлей людьми, "
            "решении проблем миграции, урегулировании приграничных проблем, включая границы с "
            "Афганистаном."
        ),
        "quote": (
            "в рамках стратегии ЕС оказывать содействие странам региона в борьбе с "
            "организованной преступностью, наркотрафиком, коррупцией, торговлей людьми, "
            "решении проблем миграции, урегулировании приграничных проблем, включая границы с "
            "Афганистаном."
        ),
        "countries": [],
        "organisations": ["eu"],
        "involves": [],
        "priorities": ["kz-common-threats-and-challenges", "regional-security"],
        "themes": [
            "organised-crime",
            "drug-trafficking",
            "corruption",
            "human-trafficking",
            "migration",
            "border-issues",
        ],
    },
    {
        "slug": "eu-programme-partners",
        "text_en": (
            "The EU intends to involve in implementing various programmes in Central Asia the "
            "Partnership and Cooperation Agreements of individual EU states with Central Asia, "
            "projects of the European Commission, the UN, the OSCE, NATO, the Venice Commission "
            "and the Council of Europe, and international financial institutions, in particular "
            "the World Bank, the European Bank for Reconstruction and Development and the "
            "European Investment Bank."
        ),
        "text_ru": (
            "ЕС намерен привлечь к реализации различных программ в Центральной Азии Соглашения о "
            "партнерстве и сотрудничестве отдельных государств ЕС с ЦА, проекты Европейской "
            "Комиссии, ООН, ОБСЕ, НАТО, Венецианскую комиссию и Совет Европы, международные "
            "финансовые институты, в частности Всемирный банк, Европейский банк реконструкции и "
            "развития, Европейский инвестиционный банк."
        ),
        "quote": (
            "ЕС намерен привлечь к реализации различных программ в Центральной Азии, среди "
            "которых Соглашения о партнерстве и сотрудничестве отдельных государств ЕС с ЦА, "
            "проекты Европейской Комиссии, ООН, ОБСЕ, НАТО, Венецианская комиссия и Совет "
            "Европы, международные финансовые институты, в частности, Всемирный банк, "
            "Европейский банк реконструкции и развития, Европейский инвестиционный банк."
        ),
        "countries": [],
        "organisations": ["eu"],
        "involves": [
            "european-commission",
            "un",
            "osce",
            "nato",
            "venice-commission",
            "council-of-europe",
            "world-bank",
            "ebrd",
            "eib",
        ],
        "priorities": [],
        "themes": [],
    },
    {
        "slug": "regional-structures-interaction",
        "text_en": (
            "The EU and Central Asia are ready for constructive interaction with the regional "
            "structures existing in Central Asia, such as EurAsEC, the Shanghai Cooperation "
            "Organisation, the CSTO, Central Asia Regional Economic Cooperation, and CICA, "
            "initiated by Kazakhstan."
        ),
        "text_ru": (
            "ЕС и Центральная Азия готовы к конструктивному взаимодействию с существующими в "
            "Центральной Азии региональными структурами, такими как ЕвраЗЭС, Шанхайская "
            "организация сотрудничества, ОДКБ, Центральноазиатская региональная экономическая "
            "кооперация, а также СВМДА, инициатором которого является Казахстан."
        ),
        "quote": (
            "ЕС и ЦА готовы к конструктивному взаимодействию с существующими в Центральной Азии "
            "региональными структурами, такими как ЕвраЗЭС, Шанхайская организация "
            "сотрудничества, ОДКБ, Центральноазиатская региональная экономическая кооперация, а "
            "также СВМДА, инициатором которого является Казахстан."
        ),
        "countries": CENTRAL_ASIA,  # «ЦА»: the five countries (an editorial reading)
        "organisations": ["eu"],
        "involves": ["eurasec", "sco", "csto", "carec", "cica"],
        "priorities": ["regional-cooperation"],
        "themes": [],
    },
    {
        "slug": "new-forms-of-dialogue",
        "text_en": (
            "In cooperating with the Central Asian states, not to be limited to the existing "
            "instruments but to seek new forms of developing the dialogue."
        ),
        "text_ru": (
            "В сотрудничестве с центральноазиатскими государствами не ограничиваться уже "
            "имеющимися инструментами, а изыскивать новые формы развития диалога."
        ),
        "quote": (
            "Предполагается в сотрудничестве с центральноазиатскими государства не "
            "ограничиваться уже имеющимися инструментами, а изыскивать новые формы развития "
            "диалога."
        ),
        "countries": [],
        "organisations": ["eu"],  # the sentence is impersonal (an editorial reading)
        "involves": [],
        "priorities": [],
        "themes": [],
    },
    {
        "slug": "regional-integration-impetus",
        "text_en": (
            "The EU Strategy aims to give new impetus to integration processes in the region, in "
            "particular to creating a single market in Central Asia, regulating water-use "
            "problems and developing regional security."
        ),
        "text_ru": (
            "Стратегия ЕС нацелена на то, чтобы придать новый импульс интеграционным процессам в "
            "регионе, в частности, созданию единого рынка в Центральной Азии, регулированию "
            "проблем водопользования, развитию региональной безопасности."
        ),
        "quote": (
            "В этой связи Стратегия ЕС нацелена на то, чтобы придать новый импульс "
            "интеграционным процессам в регионе, в частности, созданию единого рынка в "
            "Центральной Азии, регулированию проблем водопользования, развитию региональной "
            "безопасности."
        ),
        "countries": [],
        "organisations": ["eu"],
        "involves": [],
        "priorities": [
            "regional-cooperation",
            "regional-single-market",
            "regional-water-use",
            "regional-security",
        ],
        "themes": ["water-management", "regional-security"],
    },
]
