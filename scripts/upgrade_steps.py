"""The steps of the upgrade proof (scripts/upgrade_proof.py) that run inside a checkout, with
that checkout's code: ``check`` (no module from elsewhere), ``edits`` (one edit of each
kind through the site's forms and the admin) and ``snapshot`` (every page, export and admin
screen). Run by upgrade_proof.py as ``python upgrade_steps.py STEP`` in the checkout.
"""

import argparse
import base64
import hashlib
import json
import re
import sys
import warnings
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

CRAWL_CAP = 3000
START_URLS = ["/", "/ru/"]
EXCLUDED = re.compile(r"^/(?:[a-z]{2}/)?(?:admin|accounts|static)/")
LOGIN_REDIRECT = re.compile(r"^/(?:[a-z]{2}/)?accounts/login/")
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TEXT_TYPE = re.compile(r"text/|application/(?:[\w.+-]*\+)?(?:json|xml)")
USER = "proof"


# --- Steps run inside a checkout (python upgrade_proof.py --step NAME) ----------------------


def setup_django(checkout: Path) -> None:
    # Running this file puts its own folder first on sys.path; the checkout takes its place.
    sys.path[0] = str(checkout)
    import django

    # WhiteNoise's warning that STATIC_ROOT does not exist: no collectstatic here, on purpose.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    import eucastrategy

    print(f"  code: eucastrategy from {eucastrategy.__file__}", flush=True)
    if not Path(eucastrategy.__file__).resolve().is_relative_to(checkout):
        sys.exit(f"eucastrategy was imported from outside {checkout}")


def check_modules(checkout: Path) -> None:
    """Stop if a module was loaded from neither the checkout nor the Python installation
    (the venv's packages), this script aside."""
    allowed = [checkout, *{Path(p).resolve() for p in (sys.prefix, sys.base_prefix)}]
    foreign = sorted(
        f"{name}: {path}"
        for name, module in list(sys.modules.items())
        if (path := getattr(module, "__file__", None))
        and Path(path).resolve() != Path(__file__).resolve()
        and not any(Path(path).resolve().is_relative_to(root) for root in allowed)
    )
    if foreign:
        sys.exit("modules from outside the checkout:\n  " + "\n  ".join(foreign))


class FormParser(HTMLParser):
    """The forms of a page, each with the name/value pairs a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = self.select = self.textarea = None

    def add(self, name, value):
        if name:
            self.form["fields"].append((name, value))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": [],
                "options": {},
            }
            self.forms.append(self.form)
            return
        if self.form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                self.form["options"].setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self.add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.add(name, attrs.get("value", ""))
        elif tag == "select":
            self.select = {"name": name, "multiple": "multiple" in attrs, "chosen": []}
            self.form["options"][name] = []
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.form["options"][self.select["name"]].append(value)
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea":
            self.textarea = {"name": name, "text": []}

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            chosen, options = self.select["chosen"], self.form["options"][self.select["name"]]
            if not chosen and not self.select["multiple"] and options:
                chosen = options[:1]
            for value in chosen:
                self.add(self.select["name"], value)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = "".join(self.textarea["text"])
            self.add(self.textarea["name"], text.removeprefix("\r\n").removeprefix("\n"))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"].append(data)


def page_form(html: str, path: str) -> dict:
    """The page's own POST form (posting to itself), the one with the most fields."""
    parser = FormParser()
    parser.feed(html)
    forms = [
        form
        for form in parser.forms
        if form["method"] == "post" and urlsplit(form["action"]).path in ("", path)
    ]
    if not forms:
        sys.exit(f"no form posting to {path}")
    return max(forms, key=lambda form: len(form["fields"]))


def form_errors(html: str) -> str:
    found = re.findall(
        r'<(ul|div|p)[^>]*class="[^"]*(?:errorlist|form-errors|errornote)[^"]*"[^>]*>(.*?)</\1>',
        html,
        re.S,
    )
    return "\n".join(
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip() for _, text in found
    )


def submit(client, path: str, changes: dict, what: str) -> str:
    """Open ``path``, fill its form as a browser would, apply ``changes``, post it.

    A change is a value, a list of values (checkboxes), or a function of the form's
    ``(data, options)`` returning one. Returns the redirect target; stops on anything else.
    """
    from django.conf import settings
    from django.utils import translation

    page = client.get(path)
    if page.status_code != 200:
        sys.exit(f"{what}: GET {path} answered {page.status_code}")
    form = page_form(page.content.decode(), path)
    data = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    for name, change in changes.items():
        value = change(data, form["options"]) if callable(change) else change
        data[name] = value if isinstance(value, list) else [value]
    response = client.post(path, data)
    if response.status_code != 302:
        print(f"{what}: POST {path} answered {response.status_code}; the form says:")
        print(form_errors(response.content.decode()) or response.content.decode()[:3000])
        sys.exit(1)
    print(f"  {what}: POST {path} -> {response['Location']}", flush=True)
    translation.activate(settings.LANGUAGE_CODE)  # a request under /ru/ left Russian active
    return response["Location"]


def edit_field(name: str, suffix: str) -> tuple:
    return name, lambda data, options: data[name][0] + suffix


def first_option(name: str) -> tuple:
    return name, lambda data, options: next(value for value in options[name] if value)


def new_formset_row(data: dict, values: dict) -> dict:
    """The fields of the empty extra row of the page's only inline form set."""
    (total,) = [name for name in data if name.endswith("-TOTAL_FORMS")]
    prefix = total.removesuffix("-TOTAL_FORMS")
    index = int(data[f"{prefix}-INITIAL_FORMS"][0])
    return {f"{prefix}-{index}-{name}": value for name, value in values.items()}


def site_settings():
    """Pages as production serves them, without collectstatic: plain static file names."""
    from django.test.utils import override_settings

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"], STORAGES=storages)


def step_edits(checkout: Path) -> None:
    setup_django(checkout)
    with site_settings():
        make_edits()
    check_modules(checkout)


def make_edits() -> None:
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    model = apps.get_model
    user = get_user_model().objects.create_superuser(USER, "proof@example.org", "proof-Pa55word")
    client = Client()
    client.force_login(user)

    meeting = model("meetings", "Meeting").objects.order_by("pk").first()
    path = f"{meeting.get_absolute_url()}edit/"
    page = client.get(path)
    form = page_form(page.content.decode(), path)
    data = {name: [value] for name, value in form["fields"]}
    row = new_formset_row(
        data, {"person_en": "Proof Person", "person_ru": "Проверка Лицо", "role_en": "Observer"}
    )
    submit(
        client,
        path,
        dict([edit_field("agenda_en", " Upgrade proof."), edit_field("agenda_ru", " Проверка.")])
        | row,
        "meeting, with a participant added",
    )

    priority = model("priorities", "PriorityArea").objects.order_by("pk").first()
    submit(
        client,
        f"/ru{priority.get_absolute_url()}edit/",
        dict(
            [
                edit_field("title_en", " (upgrade proof)"),
                edit_field("title_ru", " (проверка обновления)"),
                edit_field("description_ru", "\nДобавлено при проверке."),
            ]
        ),
        "priority area, English and Russian, on the Russian site",
    )

    organisation = model("funding", "Organisation").objects.order_by("pk").first()
    submit(
        client,
        f"{organisation.get_absolute_url()}edit/",
        dict([edit_field("role_en", " Checked."), edit_field("role_ru", " Проверено.")]),
        "partner organisation",
    )

    submit(
        client,
        reverse("funding:create"),
        dict(
            [
                first_option("envelope"),
                ("amount", "1 234,50"),
                ("kind", "committed"),
                ("year", "2025"),
                first_option("country"),
                first_option("priority"),
                first_option("organisation"),
                ("description_en", "Upgrade proof line"),
                ("description_ru", "Строка проверки обновления"),
            ]
        ),
        "new allocation line",
    )

    submit(
        client,
        reverse("programmes:create"),
        dict(
            [
                ("title_en", "Upgrade proof programme"),
                ("title_ru", "Программа проверки"),
                ("status", "ongoing"),
                ("start_date", "2024-01-01"),
                first_option("priorities"),
                first_option("countries"),
                first_option("organisations"),
            ]
        ),
        "new programme",
    )

    theme = submit(
        client,
        reverse("themes:create"),
        {"name_en": "Upgrade proof theme", "name_ru": "Тема проверки"},
        "new theme",
    )
    submit(client, f"{theme}delete/", {}, "theme deleted")

    country = model("priorities", "Country").objects.order_by("pk").first()
    submit(
        client,
        reverse("admin:priorities_country_change", args=[country.pk]),
        dict([edit_field("name_ru", " (проверка)")]),
        "country, in the admin",
    )


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def same_site(base: str, href: str) -> str | None:
    """The path and query of a link, if it stays on this site; without its fragment."""
    parts = urlsplit(urljoin(f"http://testserver{base}", href.strip()))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def table_digests() -> dict:
    """Row count and sha256 of the sorted rows of every table."""
    from django.db import connection

    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                for row in cursor.fetchall()
            )
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            digests[table] = {"rows": len(rows), "sha256": digest}
    return digests


def fetch(client, who: str, url: str) -> tuple[dict, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    body = CSRF_INPUT.sub(rb"\1(csrf)\2", body)
    content_type = response.get("Content-Type", "")
    record = {
        "key": f"{who} {url}",
        "url": url,
        "who": who,
        "status": response.status_code,
        "content_type": content_type,
        "location": response.get("Location"),
        "content_disposition": response.get("Content-Disposition"),
        "size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
        "body": None,
    }
    if TEXT_TYPE.match(content_type):
        try:
            record["body"] = body.decode("utf-8")
        except UnicodeDecodeError:
            record["body_base64"] = base64.b64encode(body).decode()
    return record, body


def links_of(record: dict, body: bytes) -> list[str]:
    hrefs = [record["location"]] if record["location"] else []
    if record["content_type"].startswith("text/html"):
        parser = LinkParser()
        parser.feed(body.decode("utf-8", "replace"))
        hrefs += parser.links
    return [url for href in hrefs if (url := same_site(record["url"], href))]


def staff_client():
    """A client signed in as the proof user by a session made directly: signing in through
    django.contrib.auth would record a last-login date and an access log, so each snapshot
    would show its own."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.test import Client

    user = get_user_model().objects.get(username=USER)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def crawl(records: list) -> None:
    from django.test import Client

    client = Client(raise_request_exception=False)
    queue, seen, login_needed = list(START_URLS), set(START_URLS), []
    while queue and len(records) < CRAWL_CAP:
        url = queue.pop(0)
        record, body = fetch(client, "anon", url)
        records.append(record)
        if record["status"] in (301, 302) and LOGIN_REDIRECT.match(record["location"] or ""):
            login_needed.append(url)
        for link in links_of(record, body):
            if link not in seen and not EXCLUDED.match(link):
                seen.add(link)
                queue.append(link)
    print(f"  anonymous: {len(records)} URLs, {len(queue)} left unvisited at the cap", flush=True)

    # Signed in, the pages have edit links and a sign-out form: each page without a query
    # string, and the pages they link to that the anonymous crawl had not seen (new, edit and
    # delete forms) or that sent it to the login page.
    client = staff_client()
    pages = [
        record["url"]
        for record in records
        if "?" not in record["url"] and record["content_type"].startswith("text/html")
    ]
    staff_seen = set(pages)
    for url in pages:
        record, body = fetch(client, "staff", url)
        records.append(record)
        for link in links_of(record, body):
            if link not in seen and link not in staff_seen and not EXCLUDED.match(link):
                staff_seen.add(link)
                login_needed.append(link)
    for url in login_needed:
        records.append(fetch(client, "staff", url)[0])
    record, body = fetch(client, "staff", "/admin/")
    records.append(record)
    changelists = dict.fromkeys(
        link for link in links_of(record, body) if re.fullmatch(r"/admin/\w+/\w+/", link)
    )
    for changelist in changelists:
        record, body = fetch(client, "staff", changelist)
        records.append(record)
        changes = [
            link.partition("?")[0]
            for link in links_of(record, body)
            if re.fullmatch(rf"{changelist}[^/]+/change/", link.partition("?")[0])
        ]
        if changes:
            records.append(fetch(client, "staff", changes[0])[0])
            history = changes[0].removesuffix("change/") + "history/"
            records.append(fetch(client, "staff", history)[0])
    print(
        f"  signed in: {len(pages)} pages, {len(login_needed)} more they link to or that need "
        "a login, admin index, "
        f"{len(changelists)} changelists and their first records",
        flush=True,
    )


def step_snapshot(checkout: Path, out: Path) -> None:
    setup_django(checkout)
    from django.db import transaction
    from django.utils import timezone

    before = table_digests()
    records = []
    with site_settings(), transaction.atomic():
        crawl(records)
        transaction.set_rollback(True)  # the snapshot leaves no trace (sessions and all)
    after = table_digests()
    if before != after:
        changed = [table for table in before if before[table] != after.get(table)]
        sys.exit(f"the snapshot changed tables: {changed}")
    with out.open("w") as file:
        for record in records:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
    meta = {"date": timezone.localdate().isoformat(), "tables": before}
    out.with_suffix(".tables.json").write_text(json.dumps(meta, indent=1))
    statuses = Counter(record["status"] for record in records)
    print(f"  {len(records)} URLs saved to {out}; statuses {dict(sorted(statuses.items()))}")
    check_modules(checkout)


def step_check(checkout: Path) -> None:
    setup_django(checkout)
    check_modules(checkout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["check", "edits", "snapshot"])
    parser.add_argument("--snapshot-to", type=Path)
    args = parser.parse_args()
    checkout = Path.cwd().resolve()
    if args.step == "check":
        step_check(checkout)
    elif args.step == "edits":
        step_edits(checkout)
    else:
        step_snapshot(checkout, args.snapshot_to)
    return 0


if __name__ == "__main__":
    sys.exit(main())
