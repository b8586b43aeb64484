"""Settings for the EU–Central Asia Strategy Tracker.

One module, read from the environment. Every variable has a default that works on a
developer's machine (SQLite file, local hosts); production sets them explicitly.
See README.md, "Production", for the list.
"""

import base64
import hashlib
import re
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def csp_hash(text: str) -> str:
    """A Content Security Policy source allowing exactly ``text`` as an inline style."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


env = environ.Env()
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))  # optional

DEBUG = env.bool("DEBUG", default=False)

# The secret key: the SECRET_KEY variable, else the file SECRET_KEY_FILE names (`make install`
# writes a random one to .secret_key, git-ignored, mode 600). Without either, start-up stops,
# unless DEBUG is on. Old keys in SECRET_KEY_FALLBACKS keep sessions and signed links valid
# while the key is rotated (README, "Security").
SECRET_KEY_FILE = Path(env.str("SECRET_KEY_FILE", default=str(BASE_DIR / ".secret_key")))


def read_secret_key() -> str:
    if key := env.str("SECRET_KEY", default=""):
        return key
    if SECRET_KEY_FILE.is_file() and (key := SECRET_KEY_FILE.read_text().strip()):
        return key
    if DEBUG:
        return "django-insecure-dev-only-set-SECRET_KEY-in-production"
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
        "value (README, 'Production'), or run `make install`, which writes a key for this "
        f"machine to .secret_key. No key file was found at {SECRET_KEY_FILE} (SECRET_KEY_FILE)."
    )


SECRET_KEY = read_secret_key()
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "django_tables2",
    "simple_history",
    "import_export",
    "axes",
    "core",
    "priorities",
    "funding",
    "meetings",
    "eucastrategy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files carry these headers too.
    "eucastrategy.middleware.CrossOriginResourcePolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "eucastrategy.middleware.StaffSessionMiddleware",  # shorter sessions for admin users
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.pagecache.AnonymousPageCacheMiddleware",  # pages for visitors not signed in
    "simple_history.middleware.HistoryRequestMiddleware",  # who made a change
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Content Security Policy (django-csp 4): everything comes from this site. Pages have no
# inline script or style, the charts are inline SVG, and nothing loads from a CDN. Inline
# styles are allowed by hash only, for exactly these texts: the 500 page's own <style> (it
# must not depend on static files) and three style attributes in the admin templates of
# django-simple-history (paginator) and django-import-export (export form), and the two of
# the row diffs on its import preview.
INLINE_STYLES = [
    re.search(r"<style>(.*?)</style>", (BASE_DIR / "templates/500.html").read_text()).group(1),
    "border-top: 0",
    "padding: 0;",
    "font-weight: bold;",
    # diff-match-patch's row diffs on import-export's preview: inserted and deleted text.
    "background:#e6ffe6;",
    "background:#ffe6e6;",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-hashes'", *(csp_hash(style) for style in INLINE_STYLES)],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Accounts. Editors are a group (see `manage.py setup_roles`); admins are superusers.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login early
    "django.contrib.auth.backends.ModelBackend",
]
# Sessions: staff (admin) users are signed out after STAFF_SESSION_MINUTES without a request
# (eucastrategy/middleware.py); other users after SESSION_DAYS.
SESSION_COOKIE_AGE = env.int("SESSION_DAYS", default=14) * 24 * 60 * 60
STAFF_SESSION_IDLE = timedelta(minutes=env.int("STAFF_SESSION_MINUTES", default=120))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed attempts for the same
# username from the same IP address, that pair is refused for AXES_COOLOFF_MINUTES; after
# LOGIN_ADDRESS_FAILURE_LIMIT failures from one address under any usernames (password
# spraying), that address is refused for every username. A successful login resets the
# count of its username and address. AXES_FAILURE_LIMIT applies both limits: see
# eucastrategy/login_throttle.py.
LOGIN_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_FAILURE_LIMIT = "eucastrategy.login_throttle.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The visitor's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies, the address the
# outermost one put in X-Forwarded-For (README, "Production"). The export limits use it too.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "eucastrategy.login_throttle.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# History (django-simple-history) and admin import/export (django-import-export).
SIMPLE_HISTORY_REVERT_DISABLED = False
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Only CSV, read and written the way Excel does (core/importing/files.py; it imports no
# models, so the settings may load it). No XLSX: openpyxl is not installed.
from core.importing.files import ExcelCSV  # noqa: E402

IMPORT_EXPORT_FORMATS = [ExcelCSV]
IMPORT_FORMATS = [ExcelCSV]
EXPORT_FORMATS = [ExcelCSV]
# One permission each; the project's admin mixin also requires "add" for an import.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

ROOT_URLCONF = "eucastrategy.urls"
WSGI_APPLICATION = "eucastrategy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eucastrategy.context_processors.language_links",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://user:password@host:5432/name.
# Without it, an SQLite file in the project folder.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite with Unicode-aware case-insensitive lookups (Cyrillic search). Transactions
    # take the write lock when they begin, so concurrent saves queue instead of failing
    # with "database is locked" (and checks such as the envelope limit see each other).
    DATABASES["default"]["ENGINE"] = "core.sqlite_backend"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English at /, Russian under /ru/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "ru")

# Static files, served by WhiteNoise in every environment.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. Cookies and HSTS follow HTTPS; turn them on behind TLS (see README).
SECURE_HTTPS = env.bool("SECURE_HTTPS", default=False)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
# Both only once every subdomain serves HTTPS; preload is hard to undo (README, "Security").
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"  # Django's default, stated
# Other sites may not embed our pages, scripts, styles or images (eucastrategy/middleware.py).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Permissions-Policy (django-permissions-policy): the pages use none of these browser features,
# so no page, and no frame inside one, may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
SESSION_COOKIE_HTTPONLY = True

DJANGO_TABLES2_TEMPLATE = "_table.html"


# Cache: CACHE_URL or REDIS_URL (redis://127.0.0.1:6379/0; rediss:// for TLS, unix:// for a
# socket) selects Django's RedisCache (the `redis` package), shared by every worker and
# instance; without either, the local-memory cache of one process (the embedded default).
# Redis's own query options (e.g. ?socket_timeout=5) override the short timeouts below, which
# keep a request from hanging on an unreachable Redis.
def cache_config(url: str) -> dict:
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = url.partition("://")[0]
    if scheme not in ("redis", "rediss", "unix"):  # the message leaves out any password
        raise ImproperlyConfigured(
            f"CACHE_URL/REDIS_URL must start with redis://, rediss:// or unix://, not {scheme}://"
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


CACHES = {
    "default": cache_config(env.str("CACHE_URL", default="") or env.str("REDIS_URL", default=""))
}
# What is cached of the public data (core.freshness): sums over many rows, and whole pages for
# visitors who are not signed in (core.pagecache). Any write makes it stale at once, on every
# worker and instance sharing the cache; these are only the longest a kept copy is reused
# (pages that depend on today's date, such as upcoming meetings, are at most this old).
# 0 turns each off.
DATA_CACHE_SECONDS = env.int("DATA_CACHE_SECONDS", default=3600)
# What is cached belongs to one release: set RELEASE (e.g. the commit) to name it; without it,
# the newest change to the code and templates does.
RELEASE = env.str("RELEASE", default="")
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_CACHE_MAX_BYTES = env.int("PAGE_CACHE_MAX_BYTES", default=1_000_000)

# Admin CSV import limits (issue 9, item 2). Owner: core/importing.
# A larger file, or one with more rows, is refused before it is read. The preview lists the
# first IMPORT_PREVIEW_ROWS rows (and checks all). Files awaiting confirmation live in
# IMPORT_UPLOAD_DIR (default: "eucastrategy-import" in the system's temp folder, private
# to the server's user; with several servers, a folder they share) and are removed after
# confirm, cancel or failure, or once older than IMPORT_UPLOAD_MAX_AGE seconds.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
IMPORT_PREVIEW_ROWS = env.int("IMPORT_PREVIEW_ROWS", default=100)
IMPORT_UPLOAD_DIR = env.str("IMPORT_UPLOAD_DIR", default="")
IMPORT_UPLOAD_MAX_AGE = env.int("IMPORT_UPLOAD_MAX_AGE", default=24 * 60 * 60)
IMPORT_EXPORT_TMP_STORAGE_CLASS = "core.importing.uploads.ImportStorage"

# CSV/JSON export limits (issue 9, item 3; core/lists/throttle.py): how many exports one
# client address, and everybody together, may run at once, counted in the cache above so
# that every worker and instance shares the count. More get a 429 with Retry-After:
# EXPORT_RETRY_AFTER seconds. A slot held by a worker that died frees itself
# EXPORT_SLOT_TIMEOUT seconds after it was last refreshed. Keep EXPORT_MAX_TOTAL below the
# threads of one worker (4 in the README's gunicorn command): all exports may land in the
# same worker, and a page must still find a free thread there. Each export uses at most
# EXPORT_CPU_SHARE of a CPU (pure-Python CSV holds the interpreter lock that the worker's
# pages need too). Measured with scripts/bench_starvation.py: see the README, "Security".
EXPORT_MAX_PER_CLIENT = env.int("EXPORT_MAX_PER_CLIENT", default=1)
EXPORT_MAX_TOTAL = env.int("EXPORT_MAX_TOTAL", default=2)
EXPORT_RETRY_AFTER = env.int("EXPORT_RETRY_AFTER", default=10)
EXPORT_SLOT_TIMEOUT = env.int("EXPORT_SLOT_TIMEOUT", default=120)
EXPORT_CPU_SHARE = env.float("EXPORT_CPU_SHARE", default=0.25)

# The licence of the open data (/data/, datapackage.json): the portal's choice, Creative
# Commons Attribution 4.0 unless DATA_LICENSE_NAME (an SPDX identifier), _PATH (its URL) and
# _TITLE say otherwise.
DATA_LICENSE = {
    "name": env.str("DATA_LICENSE_NAME", default="CC-BY-4.0"),
    "path": env.str("DATA_LICENSE_PATH", default="https://creativecommons.org/licenses/by/4.0/"),
    "title": env.str(
        "DATA_LICENSE_TITLE", default="Creative Commons Attribution 4.0 International"
    ),
}

# IATI 2.03 file of the programmes (funding/iati/; /programmes/iati.xml). The portal
# republishes what others fund, so it reports as a secondary reporter, under the IATI
# organisation identifier of whoever runs it: the portal has none of its own, and none may be
# invented. Until IATI_REPORTING_ORG_REF (an identifier from org-id.guide: a registration
# agency's prefix, then the organisation's number there) and IATI_REPORTING_ORG_TYPE (a code
# of the IATI OrganisationType codelist, e.g. "15" Other Public Sector, "40" Multilateral,
# "90" Other: the operator's own, which the portal cannot know) are set, the file lists every
# programme as left out, and why. The name is taken as English; by default, the portal's.
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", default="").strip()
IATI_REPORTING_ORG_TYPE = env.str("IATI_REPORTING_ORG_TYPE", default="").strip()
IATI_REPORTING_ORG_NAME = env.str(
    "IATI_REPORTING_ORG_NAME", default="EU–Central Asia Strategy Tracker"
).strip()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every login at INFO; keep warnings (lockouts) and above.
    "loggers": {"axes": {"level": env.str("AXES_LOG_LEVEL", default="WARNING")}},
}

FILTERS_EMPTY_CHOICE_LABEL = _("Any")
