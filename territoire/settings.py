"""Settings, read from the environment through small typed helpers that fail loudly.

Every setting an operator may change is documented in docs/exploitation.md; a test
checks that the two stay in step.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "oui", "on"}:
        return True
    if value in {"0", "false", "no", "non", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} : valeur booléenne attendue (1/0, true/false).")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} : nombre entier attendu.") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} : nombre attendu (par exemple 0.1).") from None


MOTEURS = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


def database_from_url(url: str) -> dict:
    """Django's DATABASES entry for DATABASE_URL, parsed by dj-database-url (sqlite:///chemin or
    postgres://…, options in the query string). SQLite gets WAL, a busy timeout and immediate
    transactions, so that concurrent writers wait their turn instead of failing (issue 11 §3)."""
    schema = urlsplit(url).scheme
    try:
        config = dj_database_url.parse(url)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL : schéma « {schema} » inconnu ({exc}) ; utilisez sqlite:///chemin ou postgres://…"
        ) from None
    if config.get("ENGINE") not in MOTEURS:
        raise ImproperlyConfigured(
            f"DATABASE_URL : schéma « {schema} » non pris en charge ; utilisez sqlite:///chemin ou postgres://…"
        )
    if config["ENGINE"].endswith("sqlite3"):
        config["NAME"] = config.get("NAME") or str(DATA_DIR / "territoire.sqlite3")
        config["OPTIONS"] = {
            # Seconds a writer waits for the lock before giving up (SQLite's busy timeout).
            "timeout": env_int("TERRITOIRE_SQLITE_ATTENTE", 30),
            # BEGIN IMMEDIATE: a transaction takes the write lock when it starts, so that it never
            # has to upgrade a read lock later (the upgrade fails at once with "database is locked").
            "transaction_mode": "IMMEDIATE",
            # Readers never block the writer nor the writer the readers; fsync at checkpoints only.
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
            **config.get("OPTIONS", {}),
        }
        if isinstance(config["OPTIONS"]["timeout"], str):  # ?timeout=… in the address
            config["OPTIONS"]["timeout"] = float(config["OPTIONS"]["timeout"])
        config["CONN_MAX_AGE"] = 60
    else:
        config["PORT"] = str(config.get("PORT") or "")
        config["CONN_MAX_AGE"] = env_int("TERRITOIRE_CONNEXIONS_DUREE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATA_DIR = Path(env_str("TERRITOIRE_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# A demonstration (make demo) or a developer's machine: the production server and the worker
# may then run on the key of the data folder (territoire/exploitation/cle.py).
TERRITOIRE_DEMO = env_bool("TERRITOIRE_DEMO", False)
SECRET_KEY = env_str("SECRET_KEY", "")
# No key in the environment: a random key created once in the data folder serves the commands
# run by hand; `territoire serve`, `territoire worker` and the WSGI application refuse to start
# on it unless TERRITOIRE_DEMO=1 (territoire.exploitation.cle.exiger_cle_de_production).
SECRET_KEY_DU_DOSSIER = not SECRET_KEY
if SECRET_KEY_DU_DOSSIER:
    from territoire.exploitation.cle import cle_du_dossier

    SECRET_KEY = cle_du_dossier(DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # First: its `runserver` wraps Django's (see territoire/exploitation/apps.py).
    "territoire.exploitation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "template_partials",
    "territoire.ui",
    "territoire.historique",
    "territoire.taches",
    "territoire.comptes",
    "territoire.referentiel",
    "territoire.etablissements",
    "territoire.observatoire",
    "territoire.reseau",
    "territoire.guichet",
    "territoire.programme",
    "territoire.concertation",
    "territoire.recrutement",
    "territoire.innovation",
    "territoire.attractivite",
    "territoire.pilotage",
    "territoire.portail",
    "territoire.demo",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "territoire.exploitation.intergiciels.IdentifiantRequete",
    "territoire.exploitation.intergiciels.AdresseVisiteur",
    "territoire.exploitation.intergiciels.CorpsPlafonne",
    "django.middleware.security.SecurityMiddleware",
    "territoire.exploitation.intergiciels.EntetesDeSecurite",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages from the cache while their data have not changed
    # (before the session, CSRF and authentication: a page served from the cache needs none).
    "territoire.exploitation.pages_en_cache.PagesPubliquesEnCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Plain widgets (text, e-mail, checkbox, textarea…) built in Python, same markup as Django's
# templates (territoire/ui/rendu_formulaires.py).
FORM_RENDERER = "territoire.ui.rendu_formulaires.RenduDesChamps"

ROOT_URLCONF = "territoire.urls"
WSGI_APPLICATION = "territoire.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "territoire.comptes.context_processors.acces",
            ],
        },
    }
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'territoire.sqlite3'}"))}
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not str(DATABASES["default"]["NAME"]).startswith((":", "file:")):
    # A fresh clone has no data folder yet: SQLite creates the file, not its folder.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
if env_str("TERRITOIRE_TEST_BASE", ""):
    # Name of the test database on PostgreSQL, so that two test runs on one server do not
    # share it (pytest-xdist appends _gw0, _gw1…).
    DATABASES["default"]["TEST"] = {"NAME": env_str("TERRITOIRE_TEST_BASE", "")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "comptes:connexion"
# The CSRF failure page in French, in the site's layout (territoire/ui/erreurs.py).
CSRF_FAILURE_VIEW = "territoire.ui.erreurs.echec_csrf"
# Sign-in lands on the workspace (the chooser when several territories): territoire/comptes.
LOGIN_REDIRECT_URL = "comptes:espaces"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# The project's own assets (site CSS, vendored libraries) live outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
# `territoire serve` collects the static files with content hashes in their names and
# compressed copies (gzip, brotli): whitenoise then serves them with a one-year, immutable cache.
# Elsewhere (tests, runserver) they are served from the apps' folders as they are.
TERRITOIRE_STATIQUES_COLLECTES = env_bool("TERRITOIRE_STATIQUES_COLLECTES", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "territoire.exploitation.statiques.StatiquesCompressees" if TERRITOIRE_STATIQUES_COLLECTES
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not TERRITOIRE_STATIQUES_COLLECTES
# Files without a hash in their name (favicon, robots) are kept an hour by browsers.
WHITENOISE_MAX_AGE = 3600
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "territoire@localhost")

# Accounts (territoire/comptes, docs/comptes.md): sign-in throttled per account and per address
# (django-axes), optional TOTP second factor (django-otp), SMTP sending, session expiry.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE += ["territoire.comptes.double_facteur.DoubleAuthentificationMiddleware", "axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
COMPTES_ECHECS_PAR_COMPTE = env_int("CONNEXION_ECHECS_PAR_COMPTE", 5)
COMPTES_ECHECS_PAR_ADRESSE = env_int("CONNEXION_ECHECS_PAR_ADRESSE", 20)
AXES_FAILURE_LIMIT = COMPTES_ECHECS_PAR_COMPTE
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CONNEXION_BLOCAGE_MINUTES", 15))
AXES_HANDLER = "territoire.comptes.connexion.GestionnaireEchecs"
AXES_LOCKOUT_CALLABLE = "territoire.comptes.connexion.reponse_blocage"
AXES_USERNAME_CALLABLE = "territoire.comptes.connexion.identifiant_normalise"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
COMPTES_DOUBLE_FACTEUR_OBLIGATOIRE = env_bool("DOUBLE_AUTHENTIFICATION_OBLIGATOIRE", False)
OTP_TOTP_ISSUER = "Territoire d'industrie"
COMPTES_INVITATION_JOURS = env_int("INVITATION_DUREE_JOURS", 7)
PASSWORD_RESET_TIMEOUT = 24 * 3600
SESSION_COOKIE_AGE = env_int("SESSION_DUREE_HEURES", 10) * 3600
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Security behind HTTPS, every setting from the environment (docs/exploitation.md gives the
# production values; `territoire check --deploy` is clean with them).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The reverse proxy says the visitor came over HTTPS (X-Forwarded-Proto: https) — only set this
# when the proxy always overwrites that header.
if env_bool("TERRITOIRE_PROXY_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses or networks of the reverse proxies whose X-Forwarded-For is believed.
TERRITOIRE_PROXIES = env_list("TERRITOIRE_PROXIES", "")
# Content-Security-Policy sent as report-only (to try a new policy without breaking pages).
TERRITOIRE_CSP_RAPPORT_SEULEMENT = env_bool("TERRITOIRE_CSP_RAPPORT_SEULEMENT", False)

# The production server (`territoire serve`, gunicorn): processes (0: one per core), threads per
# process, seconds before a stuck request's process is replaced, requests before a process is
# renewed (0: never), one access log line per request.
TERRITOIRE_WEB_PROCESSUS = env_int("TERRITOIRE_WEB_PROCESSUS", 0)
TERRITOIRE_WEB_FILS = env_int("TERRITOIRE_WEB_FILS", 4)
TERRITOIRE_WEB_DELAI = env_int("TERRITOIRE_WEB_DELAI", 120)
TERRITOIRE_WEB_REQUETES_MAX = env_int("TERRITOIRE_WEB_REQUETES_MAX", 20000)
TERRITOIRE_WEB_JOURNAL_ACCES = env_bool("TERRITOIRE_WEB_JOURNAL_ACCES", False)

# Request bodies are refused from their declared size, before they are read (HTTP 413).
TERRITOIRE_CORPS_MAX_OCTETS = env_int("TERRITOIRE_CORPS_MAX_OCTETS", 30 * 1024 * 1024)
TERRITOIRE_TELEVERSEMENT_SIRENE_MAX_OCTETS = env_int("TERRITOIRE_TELEVERSEMENT_SIRENE_MAX_OCTETS", 4 * 1024**3)
PLAFONDS_PAR_URL = {"taches:import_sirene": TERRITOIRE_TELEVERSEMENT_SIRENE_MAX_OCTETS}
# Uploaded files above 2.5 MB are written to this folder while they arrive, not kept in memory.
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "televersements")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)

# Background work (Django's Tasks interface): the queue lives in the platform's database by
# default (nothing to install); TERRITOIRE_FILE_TACHES=redis puts it in Redis for several
# worker machines. `territoire worker` runs it (docs/exploitation.md, ADR 0007).
TERRITOIRE_FILE_TACHES = env_str("TERRITOIRE_FILE_TACHES", "base")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
if TERRITOIRE_FILE_TACHES == "base":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TERRITOIRE_FILE_TACHES == "redis":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 6 * 3600}}
    INSTALLED_APPS.append("django_rq")
else:
    raise ImproperlyConfigured(
        f"TERRITOIRE_FILE_TACHES={TERRITOIRE_FILE_TACHES!r} : « base » (file dans la base de données) "
        "ou « redis » (file dans Redis, adresse REDIS_URL) attendu."
    )
# A running job whose worker has given no sign of life for this long is marked failed.
TERRITOIRE_TACHE_SILENCE_SECONDES = env_int("TERRITOIRE_TACHE_SILENCE_SECONDES", 120)
# Finished jobs, their files and old downloads are purged after this many days.
TERRITOIRE_RETENTION_JOURS = env_int("TERRITOIRE_RETENTION_JOURS", 90)

# /sante/ answers 503 when the data folder's disk has less free space than this (megabytes).
TERRITOIRE_SANTE_DISQUE_MIN_MO = env_int("TERRITOIRE_SANTE_DISQUE_MIN_MO", 1024)

# Each web process keeps its own cache (key figures, map layers) unless a Redis cache is given.
TERRITOIRE_CACHE_REDIS = env_str("TERRITOIRE_CACHE_REDIS", "")
# Entries of each process's own cache (Django's default of 300 is less than the pages and
# layers of a few territories: entries beyond are dropped, then recomputed).
TERRITOIRE_CACHE_ENTREES = env_int("TERRITOIRE_CACHE_ENTREES", 5000)
# Anonymous visitors' public pages kept in the cache under their data's tokens
# (territoire/exploitation/pages_en_cache.py): the URL namespaces whose GETs may be kept.
TERRITOIRE_CACHE_PAGES = env_bool("TERRITOIRE_CACHE_PAGES", True)
TERRITOIRE_CACHE_PAGES_ESPACES = ("portail", "etablissements", "referentiel", "programme", "observatoire",
                                  "recrutement", "innovation", "attractivite", "api")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "OPTIONS": {"MAX_ENTRIES": TERRITOIRE_CACHE_ENTREES}}}
if TERRITOIRE_CACHE_REDIS:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": TERRITOIRE_CACHE_REDIS}}

# Where `territoire sirene download` fetches the monthly stock; overridable for tests and mirrors.
SIRENE_STOCK_ETABLISSEMENT_URL = env_str(
    "SIRENE_STOCK_ETABLISSEMENT_URL",
    "https://files.data.gouv.fr/insee-sirene/StockEtablissement_utf8.zip",
)
SIRENE_STOCK_UNITE_LEGALE_URL = env_str(
    "SIRENE_STOCK_UNITE_LEGALE_URL",
    "https://files.data.gouv.fr/insee-sirene/StockUniteLegale_utf8.zip",
)

# Public request form of the desk: accepted filings per IP address and hour (anti-spam).
GUICHET_DEPOTS_PAR_HEURE = env_int("GUICHET_DEPOTS_PAR_HEURE", 5)
# Password of the demo accounts that `territoire demo` creates.
TERRITOIRE_DEMO_MOT_DE_PASSE = env_str("TERRITOIRE_DEMO_MOT_DE_PASSE", "demonstration-territoire")

# Logs on standard error: JSON lines (one object a line, with the request id) when
# TERRITOIRE_JOURNAL_JSON=1, plain text otherwise.
TERRITOIRE_JOURNAL_JSON = env_bool("TERRITOIRE_JOURNAL_JSON", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "territoire.exploitation.journal.FormatJson"},
        "texte": {"()": "territoire.exploitation.journal.AvecRequete",
                  "format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json" if TERRITOIRE_JOURNAL_JSON else "texte"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Errors reported to Sentry (or a compatible service) only when SENTRY_DSN is set.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
        send_default_pii=False,  # never the visitors' addresses, cookies or form contents
    )
