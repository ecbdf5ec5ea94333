"""Torget's one settings module: every value that differs between machines comes from
the environment (see README, "Environment variables"). There are no local overrides.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    # The default is only for a developer's machine; production sets SECRET_KEY. A key
    # derived from the checkout path keeps `make run` sessions stable across restarts.
    SECRET_KEY = "torget-dev-" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest()
    if env_bool("TORGET_PRODUCTION", default=False):
        raise ImproperlyConfigured("Set SECRET_KEY in production.")

# --- Hosts and tenancy -------------------------------------------------------------
# The portal lives at PLATFORM_DOMAIN, tenant SLUG at SLUG.PLATFORM_DOMAIN, and a tenant
# may add custom domains. Hosts are matched against the Domain table by the tenant
# middleware (unknown hosts get a 404 page), so ALLOWED_HOSTS can accept any well-formed
# host; malformed ones are still refused by Django.
PLATFORM_DOMAIN = env_str("PLATFORM_DOMAIN", default="localhost").lower()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["*"])
# Set when the site is served over HTTPS at a known address, e.g. https://torget.goteborg.se.
# Without it links between portal and tenants reuse the scheme and port of the request.
PORTAL_URL = env_str("PORTAL_URL", default="").rstrip("/")

# The portal's map (/map/) loads tiles from this server, e.g.
# "https://tiles.example.se/{z}/{x}/{y}.png". Empty (the default): no tiles are fetched
# from anywhere and the map page is a list by area. Say whose tiles they are in
# PORTAL_MAP_ATTRIBUTION (most tile licences require it).
PORTAL_MAP_TILE_URL = env_str("PORTAL_MAP_TILE_URL", default="")
if PORTAL_MAP_TILE_URL and not (
    PORTAL_MAP_TILE_URL.startswith(("https://", "http://"))
    and all(part in PORTAL_MAP_TILE_URL for part in ("{z}", "{x}", "{y}"))
):
    raise ImproperlyConfigured(
        "PORTAL_MAP_TILE_URL must be an http(s) URL with {z}, {x} and {y} in it."
    )
PORTAL_MAP_ATTRIBUTION = env_str("PORTAL_MAP_ATTRIBUTION", default="")

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.postgres",
    "shared_apps.accounts",
    "shared_apps.mail",
    "shared_apps.portal",
    "shared_apps.vocabularies",
    "shared_apps.designs",
    "shared_apps.identity",
    "shared_apps.privacy",
    "shared_apps.notifications",
    "shared_apps.opendata",
    "shared_apps.participation",
    "shared_apps.alerts",
    "shared_apps.search",
    "shared_apps.eproposals",
    "allauth",
    "allauth.account",
    # TOTP and recovery codes; mandatory for staff (shared_apps/accounts/staff.py).
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "tenant_apps.actionlog",
    "tenant_apps.spaces",
    "tenant_apps.verification",
    "tenant_apps.moderation",
    "tenant_apps.comments",
    # Component types: each registers itself in tenant_apps.spaces.registry.
    "tenant_apps.pages",
    "tenant_apps.news",
    "tenant_apps.proposals",
    "tenant_apps.budgets",
    "tenant_apps.debates",
    "tenant_apps.meetings",
    # The forms engine (surveys, meeting registrations) and the surveys component type.
    "tenant_apps.forms",
    "tenant_apps.surveys",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenants"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Set search_path once per schema switch instead of before every query.
TENANT_LIMIT_SET_CALLS = True
# New tenant schemas are cloned from this migrated template schema, which
# `manage.py migrate_all` keeps current (tenants/schemas.py); empty: migrate each new
# schema from scratch. django-tenants' own Tenant.create_schema follows it too.
TENANT_BASE_SCHEMA = env_str("TENANT_BASE_SCHEMA", default="tenant_template")
TENANT_CREATION_FAKES_MIGRATIONS = bool(TENANT_BASE_SCHEMA)
# Processes that migrate tenant schemas side by side (`migrate_all`, and
# `migrate_schemas --executor=multiprocessing`).
TENANT_MULTIPROCESSING_MAX_PROCESSES = env_int(
    "TENANT_MIGRATION_PROCESSES", default=min(4, os.cpu_count() or 1)
)

MIDDLEWARE = [
    # First: it times everything below and serves /metrics on every host.
    "config.metrics.MetricsMiddleware",
    "config.request_context.RequestIdMiddleware",
    "config.health.HealthCheckMiddleware",
    # Before tenant routing, so the pages for unknown and closed hosts are in the
    # visitor's language too.
    "django.middleware.locale.LocaleMiddleware",
    "tenants.middleware.TenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "shared_apps.accounts.middleware.UserLanguageMiddleware",
    "shared_apps.accounts.middleware.CrossHostSignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: staff pages need two-factor authentication, and
    # staff sessions are short.
    "shared_apps.accounts.middleware.StaffSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
                "tenants.context_processors.site",
                "shared_apps.notifications.context_processors.inbox",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database ----------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", default="")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "Set DATABASE_URL, or start Torget with `make run` / `make test`, which start an "
        "embedded PostgreSQL and set it for you."
    )
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
# django-tenants needs its own backend: it sets search_path to "<tenant>, public".
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", default="") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Where tenant backups find pg_dump, pg_restore and psql (tenants/backup/pgtools.py);
# empty: the PATH, then Debian's /usr/lib/postgresql/<version>/bin, then pgserver's.
PG_BIN_DIR = env_str("PG_BIN_DIR", default="")

# --- Redis: cache, Celery broker ------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", default="")
if not REDIS_URL:
    raise ImproperlyConfigured("Set REDIS_URL, or use `make run` / `make test`.")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Every key starts with the schema of the connection, so tenants never share
        # cached values by accident.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", default="torget"),
    },
    # City-wide values (Django's own key function, no schema in the key), such as the
    # mail delivery kick (shared_apps/mail/actions.py).
    "city": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", default="torget") + "-city",
    },
    # Attempt counters of config/throttle.py. City-wide on purpose (Django's own key
    # function, no schema in the key): an account or an address is limited across every
    # host; a caller that wants a per-tenant limit names the tenant in its scope.
    "throttle": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", default="torget") + "-throttle",
    },
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", default="torget")
# Onboarding runs on a queue of its own (a worker with concurrency 1, torget-provisioning
# in deploy/), so a long clone never holds up mail or reminders, nor the reverse.
CELERY_PROVISIONING_QUEUE = env_str("CELERY_PROVISIONING_QUEUE", default="provisioning")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE", default=str(BASE_DIR / ".local" / "celerybeat-schedule")
)

# --- Accounts and sessions ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Named rules (tenant_apps/spaces/permissions.py) behind user.has_perm().
    "tenant_apps.spaces.permissions.RulesBackend",
]
# OWASP ASVS 5.0 V6.2, mapped requirement by requirement in docs/security.md: a minimum
# length, common and context-specific words refused, no composition rules (so no
# NumericPasswordValidator), no maximum below 64 characters, no forced rotation.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "shared_apps.accounts.passwords.ContextWordsValidator"},
]
# Sessions live in the public schema and are shared by every host: the sign-in hand-off
# gives a tenant host a cookie naming the same session, so signing out anywhere signs
# out everywhere. See docs/adr/0003-one-sign-in-across-hosts.md.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# Staff (anyone with a role in a tenant, and platform operators) get a shorter session,
# counted from sign-in or from the moment they gained a role; see docs/security.md.
STAFF_SESSION_SECONDS = env_int("STAFF_SESSION_SECONDS", default=8 * 60 * 60)
if not 0 < STAFF_SESSION_SECONDS <= SESSION_COOKIE_AGE:
    raise ImproperlyConfigured(
        f"STAFF_SESSION_SECONDS must be between 1 and {SESSION_COOKIE_AGE} (the resident's)."
    )
# Where every host shares a parent domain (torget.goteborg.se and *.torget.goteborg.se),
# setting this to ".torget.goteborg.se" shares the cookie itself; the hand-off still
# covers custom domains.
SESSION_COOKIE_DOMAIN = env_str("SESSION_COOKIE_DOMAIN", default="") or None
CSRF_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
SIGN_IN_HANDOFF_SECONDS = 60

# --- Identity and verification ------------------------------------------------------
# The installation secret behind the keyed hash of personal identity numbers
# (shared_apps/identity/keys.py). Set it once and never change it: a new key makes every
# verified person look new, so one person could verify a second account.
IDENTITY_HASH_KEY = env_str("IDENTITY_HASH_KEY", default="")
if not IDENTITY_HASH_KEY:
    if env_bool("TORGET_PRODUCTION", default=False):
        raise ImproperlyConfigured("Set IDENTITY_HASH_KEY in production.")
    IDENTITY_HASH_KEY = hashlib.sha256(("identity:" + SECRET_KEY).encode()).hexdigest()
# The city whose residents the platform serves (residency checks, e-ID claims).
CITY_NAME = env_str("CITY_NAME", default="Göteborg")
CITY_MUNICIPALITY_CODE = env_str("CITY_MUNICIPALITY_CODE", default="1480")
# e-ID through an OpenID Connect identity broker (BankID, Freja eID). Off when no issuer.
EID_OIDC_ISSUER = env_str("EID_OIDC_ISSUER", default="").rstrip("/")
EID_OIDC_CLIENT_ID = env_str("EID_OIDC_CLIENT_ID", default="torget")
EID_OIDC_CLIENT_SECRET = env_str("EID_OIDC_CLIENT_SECRET", default="")
EID_OIDC_SCOPES = env_str("EID_OIDC_SCOPES", default="openid profile")
# Claim names differ between brokers; these are the defaults of the Swedish OIDC profile.
EID_CLAIM_PERSONAL_NUMBER = env_str(
    "EID_CLAIM_PERSONAL_NUMBER", default="https://id.oidc.se/claim/personalIdentityNumber"
)
EID_CLAIM_NAME = env_str("EID_CLAIM_NAME", default="name")
EID_CLAIM_MUNICIPALITY = env_str("EID_CLAIM_MUNICIPALITY", default="municipality_code")
EID_CLAIM_POSTAL_CODE = env_str("EID_CLAIM_POSTAL_CODE", default="postal_code")
EID_VALID_DAYS = env_int("EID_VALID_DAYS", default=365)

# --- E-proposals (shared_apps/eproposals) -------------------------------------------------
# Verification handlers that count as "verified" for submitting and supporting an e-proposal
# (any one of them suffices). The defaults for the settings row officers change on /ops/.
EPROPOSALS_SUBMIT_VERIFICATIONS = env_list(
    "EPROPOSALS_SUBMIT_VERIFICATIONS", default=["eid", "in_person"]
)
EPROPOSALS_SUPPORT_VERIFICATIONS = env_list(
    "EPROPOSALS_SUPPORT_VERIFICATIONS", default=["eid", "in_person"]
)

ACCOUNT_ADAPTER = "shared_apps.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "shared_apps.accounts.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Torget] "
# Limits are per account ("key"/"user") and per address ("ip"). The per-address limits
# are generous because a school or library puts a whole room behind one address; the
# per-account ones are strict. allauth's "login_failed" also counts wrong 2FA codes
# (keyed on the account), so five wrong passwords, or five wrong codes, in five minutes
# lock that step for that account only.
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "30/m/ip,5/5m/key",
    "reauthenticate": "30/m/ip,10/5m/user",
}
# Two-factor authentication (allauth.mfa): an authenticator app and recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Torget"
MFA_ADAPTER = "shared_apps.accounts.adapter.MFAAdapter"
MFA_FORMS = {
    "authenticate": "shared_apps.accounts.forms.TwoFactorAuthenticateForm",
    "reauthenticate": "shared_apps.accounts.forms.TwoFactorReauthenticateForm",
}

# The address rate limits are keyed on. Behind nginx (deploy/nginx) set this to the
# header the proxy writes, e.g. X-Forwarded-For; unset, REMOTE_ADDR is used and client
# headers are never trusted. See config/throttle.py.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", default="")

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", default=1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Torget <noreply@torget.localhost>")

# --- Languages ----------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"
# Beat's crontabs (the 06:00 digests) mean local time, summer and winter.
CELERY_TIMEZONE = TIME_ZONE

# --- Static and uploaded files -------------------------------------------------------
STATIC_URL = "/static/"
# Where collectstatic writes and nginx reads (deploy/nginx/torget.conf).
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve from the app folders too, so `make run` and tests need no collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files no URL may serve (residents' data exports): outside MEDIA_ROOT, read only through
# views that check who is asking. In production point it at a private bucket or volume.
PRIVATE_MEDIA_ROOT = Path(
    env_str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / ".local" / "private-media"))
)
STORAGES = {
    "default": {"BACKEND": "config.storage.TenantFileSystemStorage"},
    "private": {"BACKEND": "config.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# In production nginx serves STATIC_ROOT with a year's cache for names that carry a
# content hash; STATIC_MANIFEST=1 makes collectstatic write such names and templates use
# them, so a new release is never hidden behind a cached old file. It needs
# collectstatic before the app starts, so development and tests leave it off.
if env_bool("STATIC_MANIFEST", default=False):
    STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    }
# Uploaded files are served by Django (config/media.py), which checks that the file
# belongs to the host's tenant. Behind nginx, set this to the internal location that
# maps to MEDIA_ROOT (deploy/nginx/torget.conf: /_media/): Django then answers with an
# X-Accel-Redirect header after the check and nginx sends the file.
MEDIA_ACCEL_REDIRECT = env_str("MEDIA_ACCEL_REDIRECT", default="")
if MEDIA_ACCEL_REDIRECT and not (
    MEDIA_ACCEL_REDIRECT.startswith("/") and MEDIA_ACCEL_REDIRECT.endswith("/")
):
    raise ImproperlyConfigured("MEDIA_ACCEL_REDIRECT must start and end with '/'.")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Privacy ------------------------------------------------------------------------------
# Days a resident's data export (and its e-mailed link) stays available before the purge.
DATA_EXPORT_DAYS = env_int("DATA_EXPORT_DAYS", default=7)

# --- Security headers ------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: every line names the schema and the request ---------------------------
# "line" for people (the default), "json" for a log shipper: one object per line
# (config/log_format.py).
LOG_FORMAT = env_str("LOG_FORMAT", default="line").lower()
if LOG_FORMAT not in {"line", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use line or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "config.request_context.LogContextFilter"}},
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s [schema=%(schema)s request=%(request_id)s] "
            "%(name)s: %(message)s"
        },
        "json": {"()": "config.log_format.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
    },
}

# --- Monitoring --------------------------------------------------------------------------
# Who may read /metrics and ask /readyz?worker=1 (config/metrics.py): loopback and the
# private ranges by default. Behind nginx the peer is nginx itself, so nginx restricts the
# same paths (deploy/nginx/torget.conf) and CLIENT_IP_HEADER lets Django check the client.
METRICS_ALLOWED_NETWORKS = env_list(
    "METRICS_ALLOWED_NETWORKS",
    default=[
        "127.0.0.0/8",
        "::1/128",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "fc00::/7",
    ],
)
for _network in METRICS_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network)
    except ValueError as exc:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {exc}") from exc
# A Celery worker serves its own metrics at http://ADDRESS:PORT/metrics when the port is
# set (the systemd units give each worker its own port; 0 means off).
WORKER_METRICS_PORT = env_int("CELERY_METRICS_PORT", default=0)
WORKER_METRICS_ADDRESS = env_str("CELERY_METRICS_ADDRESS", default="127.0.0.1")
# Errors to Sentry when a DSN is set; nothing of sentry-sdk is loaded otherwise.
SENTRY_DSN = env_str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from config.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", default="production"),
        release=env_str("SENTRY_RELEASE", default=""),
    )

# --- API ------------------------------------------------------------------------------
# JSON only (no browsable pages); signed-in staff see unpublished rows through their
# session, exactly as on the pages.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Open data (shared_apps/opendata): who publishes it and under which licence.
OPEN_DATA_PUBLISHER = env_str("OPEN_DATA_PUBLISHER", default="Göteborgs Stad")
OPEN_DATA_LICENCE_NAME = env_str(
    "OPEN_DATA_LICENCE_NAME", default="Creative Commons CC0 1.0 Universal (public domain)"
)
OPEN_DATA_LICENCE_URL = env_str(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/publicdomain/zero/1.0/"
)

SPECTACULAR_SETTINGS = {
    "TITLE": "Torget tenant API",
    "DESCRIPTION": "Processes, phases and components of one administration or company.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}
