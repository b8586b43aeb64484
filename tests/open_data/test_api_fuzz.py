"""schemathesis fuzzes every list's JSON export, as /api/openapi.json describes it, on the
live test server (the seed and factory rows: empty links, Cyrillic, several values): no
server error, and every answer's status, media type, headers and body are as described.

All three phases run (the schema's examples; coverage: every value at and beyond each
boundary, each parameter left out or of the wrong kind; fuzzing: MAX_EXAMPLES random cases
per list), with a fixed seed so that a run can be repeated. About two minutes on a 2-core
machine, most of it the coverage phase (some 2,300 requests). To look further:

    API_FUZZ_SEED=7 API_FUZZ_EXAMPLES=300 \\
        .venv/bin/python -m pytest tests/open_data/test_api_fuzz.py
"""

import datetime
import json
import logging
import os
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from core.sources.models import Source
from funding.models import Allocation, BudgetEnvelope, Organisation
from meetings.models import Meeting, Status
from priorities.models import Country, PriorityArea, Theme
from tests.support import factories

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
]
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "50"))
SEED = os.environ.get("API_FUZZ_SEED", "13")
TIMEOUT_SECONDS = int(os.environ.get("API_FUZZ_TIMEOUT", "300"))
JSON = "application/json"
# Their warnings (a 400, a POST refused for want of a CSRF token) would fill the output.
QUIET_LOGGERS = ["django.request", "django.security.csrf"]


@pytest.fixture
def fuzzed_site(seeded):
    """The seed, plus rows the seed lacks: programmes and allocation lines (one with every
    link empty), a commitment with several parties and statuses, and citations."""
    kz, kg = Country.objects.get(code="KZ"), Country.objects.get(code="KG")
    priority = PriorityArea.objects.get(slug="kz-energy-and-transport-links")
    partner = Organisation.objects.get(slug="ebrd")
    programme = factories.ProgrammeFactory(
        slug="energy-links",
        title_en="Energy links programme",
        title_ru="Программа энергетических связей",
        start_date=None,
        end_date=None,
    )
    programme.countries.add(kz, kg)
    programme.organisations.add(partner)
    programme.priorities.add(priority)
    envelope = BudgetEnvelope.objects.get(slug="eu-budget")
    Allocation.objects.create(
        envelope=envelope,
        amount=Decimal("1250000.50"),
        kind=Allocation.Kind.COMMITTED,
        year=2011,
        country=kz,
        priority=priority,
        organisation=partner,
        programme=programme,
        description_en="=Transmission lines study",
        description_ru="Исследование линий электропередачи",
    )
    Allocation.objects.create(
        envelope=envelope,
        amount=Decimal("0.01"),
        kind=Allocation.Kind.PLANNED,
        year=None,
        country=None,
        description_en="",
        description_ru="Без страны",
    )
    meeting = Meeting.objects.get(slug="2012-bishkek")
    commitment = factories.CommitmentFactory(
        meeting=meeting,
        countries=[kz, kg],
        organisations=[partner],
        priorities=[priority],
        themes=list(Theme.objects.all()[:2]),
    )
    factories.StatusChangeFactory(
        commitment=commitment, status=Status.ACHIEVED, date=datetime.date(2013, 1, 1)
    )
    source = factories.SourceFactory(language="ru", checked_on=None)
    factories.CitationFactory(record=programme, source=source, field="", checked_on=None)
    factories.CitationFactory(record=priority, source=Source.objects.get(slug="source-text"))


@pytest.fixture
def full_speed_exports(settings):
    """Exports unpaced (``throttle.paced``): the pauses that spare the pages of a busy site
    would only slow thousands of small exports down here. 4xx answers are not logged: only
    server errors are (``django.request`` logs them as errors)."""
    settings.EXPORT_CPU_SHARE = 1.0
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def test_it_finds_no_server_error_and_no_answer_unlike_the_description(
    fuzzed_site, full_speed_exports, live_server, tmp_path
):
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{live_server.url}/api/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        SEED,
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "har",
        "--report-har-path",
        str(tmp_path / "exchanges.har"),
    ]
    started = time.monotonic()
    run = subprocess.run(
        command,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    seconds = time.monotonic() - started
    output = f"{' '.join(command)}\n({seconds:.0f} s)\n{run.stdout}\n{run.stderr}"
    assert run.returncode == 0, output
    assert "No issues found" in run.stdout, output
    answered = answers(tmp_path / "exchanges.har")
    for path in documented_paths(live_server.url):
        # Each list was exported with rows, and refused bad input, not only one or the other.
        assert answered[path, "rows"], (path, answered)
        assert answered[path, 400], (path, answered)


def documented_paths(base):
    with urlopen(f"{base}/api/openapi.json") as response:
        return list(json.load(response)["paths"])


def answers(har: Path) -> Counter:
    """How often each path answered each status, and "rows": a JSON array of some rows."""
    counts = Counter()
    for entry in json.loads(har.read_text())["log"]["entries"]:
        path = urlsplit(entry["request"]["url"]).path
        response = entry["response"]
        counts[path, response["status"]] += 1
        if response["status"] == 200 and response["content"]["mimeType"].startswith(JSON):
            counts[path, "rows"] += bool(json.loads(response["content"]["text"]))
    return counts
