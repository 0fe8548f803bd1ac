"""Settings, read from the environment through small typed helpers that fail loudly.

Every setting an operator may change is documented in docs/exploitation.md; a test
checks that the two stay in step.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

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


def database_from_url(url: str) -> dict:
    """Turn DATABASE_URL into Django's DATABASES entry (sqlite:///path or postgres://…)."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("/") and parts.netloc == "" and url.startswith("sqlite:///"):
            # sqlite:///relative.db -> "relative.db"; sqlite:////abs.db -> "/abs.db"
            path = path[1:]
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path or str(DATA_DIR / "territoire.sqlite3"),
            "OPTIONS": {"timeout": 20},
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL : schéma « {parts.scheme} » inconnu ; utilisez sqlite:///chemin ou postgres://…"
    )


DATA_DIR = Path(env_str("TERRITOIRE_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or env_bool("TERRITOIRE_DEV", True):
        SECRET_KEY = "dev-only-not-secret-change-me-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY est obligatoire quand TERRITOIRE_DEV=0.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
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
    "territoire.portail",
    "territoire.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not str(DATABASES["default"]["NAME"]).startswith(":"):
    # A fresh clone has no data folder yet: SQLite creates the file, not its folder.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
if env_str("TERRITOIRE_TEST_BASE", ""):
    # Name of the test database on PostgreSQL, so that two test runs on one server do not
    # share it (pytest-xdist appends _gw0, _gw1…).
    DATABASES["default"]["TEST"] = {"NAME": env_str("TERRITOIRE_TEST_BASE", "")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# The project's own assets (site CSS, vendored libraries) live outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "territoire@localhost")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Where `territoire sirene download` fetches the monthly stock; overridable for tests and mirrors.
SIRENE_STOCK_ETABLISSEMENT_URL = env_str(
    "SIRENE_STOCK_ETABLISSEMENT_URL",
    "https://files.data.gouv.fr/insee-sirene/StockEtablissement_utf8.zip",
)
SIRENE_STOCK_UNITE_LEGALE_URL = env_str(
    "SIRENE_STOCK_UNITE_LEGALE_URL",
    "https://files.data.gouv.fr/insee-sirene/StockUniteLegale_utf8.zip",
)

def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} : nombre entier attendu.") from None


# Public request form of the desk: accepted filings per IP address and hour (anti-spam).
GUICHET_DEPOTS_PAR_HEURE = env_int("GUICHET_DEPOTS_PAR_HEURE", 5)
# Password of the demo accounts that `territoire demo` creates.
TERRITOIRE_DEMO_MOT_DE_PASSE = env_str("TERRITOIRE_DEMO_MOT_DE_PASSE", "demonstration-territoire")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
