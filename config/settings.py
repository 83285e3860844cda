"""Settings of the platform: one module, every environment variable read here.

Each variable has a safe development default and a line in `.env.example`;
production differs from development by its environment only.
"""

import os
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The default is public: with DEBUG off the platform refuses to start with it (eig/core/checks.py).
# Read as they are: django-environ takes a value starting with "$" for a reference to another
# variable (and fell back to the default), and a random key may well start with one.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
# Former keys, comma-separated, while a rotation completes: sessions, links and TOTP secrets
# signed or encrypted with them still verify (docs/deployment.md, « The secret key »).
SECRET_KEY_FALLBACKS = [key for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key]
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# DEMO=1 lists the demo accounts on the home page; never set it in production.
DEMO = env.bool("DEMO", default=False)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation must precede the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Installed everywhere so its tables exist; ProConnect is offered only when configured.
    "allauth.socialaccount",
    "eig.accounts.proconnect",
    "eig.core",
    "eig.files",
    "eig.accounts",
    "eig.promotions",
    "eig.challenges",
    "eig.community",
    "eig.content",
    "eig.notifications",
    "eig.calls",
    "eig.applications",
    "eig.proposals",
    "eig.reviews",
    "eig.juries",
    "eig.selection",
    "eig.programme",
    "eig.results",
    "eig.alumni",
    "eig.reporting",
    "eig.demo",
    "eig.web.public",
    "eig.web.candidates",
    "eig.web.staff",
    "eig.web.administrations",
    "eig.web.evaluation",
    "eig.web.juries",
    "eig.web.approvals",
    "eig.web.programme",
    "eig.web.alumni",
    "eig.web.api",
    # django-ninja's templates and static files: the API's docs page served from here (CSP).
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "eig.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Signed-in pages: Cache-Control: private, no-store (reads request.user).
    "eig.core.nostore.SignedInNoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "eig.content.middleware.LegacyRedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "eig.web.public.context_processors.site_config",
                "eig.web.public.context_processors.site",
            ],
            # Tests set TEMPLATE_STRICT=1 so that an unknown variable fails loudly.
            "string_if_invalid": "",
        },
    }
]

# Django's form renderer, with its own one-line widget templates drawn in Python (the same HTML):
# a dossier step page spent half its template time in them (eig/web/common/renderers.py).
FORM_RENDERER = "eig.web.common.renderers.FormRenderer"

# --- Database -------------------------------------------------------------
# SQLite by default (WAL + immediate transactions, see config/sqlite.py);
# PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
        ),
    }
    # The test database is a file, not memory: shared-cache memory databases
    # fail concurrent writers at once ("table is locked") where a WAL file with
    # a busy timeout makes them wait, as in production. One file per test process.
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("SQLITE_TEST_NAME", default=str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3"))
    }
# Persistent connections: opening an SQLite connection parses the whole schema
# (~1.4 ms, more than a page-cache hit), and a PostgreSQL one costs a round trip.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=DATABASES["default"].get("CONN_MAX_AGE") or 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
# The public page cache keys every entry on a content version stored in the
# database, so a per-process memory cache stays correct across workers
# (docs/page-cache.md). A page weighs 20-40 kB: 1000 entries stay under 40 MB
# per process; past that the least recently used third is dropped.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://eig-default?max_entries=1000")}
# Keeps this site's keys apart in a Redis shared with others (django-environ drops `?key_prefix=` for
# Django's own RedisCache: it lower-cases the option).
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# --- Public API (/api/v1/, eig/web/api, docs/api.md) ---------------------------
# Requests a client address may make per window (0: no limit), counted in the cache above
# (per process with the memory cache, shared with Redis); the address honours TRUSTED_PROXY_COUNT.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=600)
API_RATE_WINDOW_SECONDS = env.int("API_RATE_WINDOW_SECONDS", default=60)
# Cache-Control max-age of the API's answers (an ETag revalidates them after).
API_MAX_AGE_SECONDS = env.int("API_MAX_AGE_SECONDS", default=60)

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Sign-in, sign-up, password reset and two-factor authentication are django-allauth's
# (docs/personal-data.md lists what it stores). The admin signs in through it too.
LOGIN_URL = "account_login"
# The fallback only: the account adapter sends each person to their own space (eig.web.common.spaces).
LOGIN_REDIRECT_URL = "candidates:space"
LOGOUT_REDIRECT_URL = "public:home"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Following the emailed link shows a confirmation button (a POST): link scanners
# of mail providers must not confirm an address by fetching it.
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[EIG] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
# ACCOUNT_RATE_LIMITS: allauth's defaults (failed sign-ins, resets, sign-ups per IP and per account).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Entrepreneurs d'intérêt général"
# Encrypts the TOTP secrets and recovery-code seeds stored in the database.
MFA_ADAPTER = "eig.accounts.adapters.MFAAdapter"
# Argon2id first (OWASP's first choice; memory-hard and, here, 110 ms a hash against
# 280 ms for PBKDF2 at Django's 1.5 M iterations: sign-ins weigh on a deadline rush).
# Existing PBKDF2 hashes still verify and are upgraded at the next sign-in.
# Argon2id with OWASP's parameters (19 MiB, 2 iterations, 1 lane: ~20 ms a sign-in; eig/accounts/hashers.py).
PASSWORD_HASHERS = [
    "eig.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Whitenoise's manifest storage rewrites the DSFR CSS and breaks its integrity
# hashes (reference/ecosystem.md): compressed storage without manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_MAX_AGE = 3600
DSFR_USE_INTEGRITY_CHECKSUMS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Uploaded files (eig.files) --------------------------------------------
# CVs and portfolios are personal data: they live outside the static and public
# media roots and are served only through eig.files.views.download.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# "auto": ClamdScanner when CLAMD_SOCKET exists, else NoopScanner; or a dotted path.
FILE_SCANNER = env.str("FILE_SCANNER", default="auto")
# A Unix socket path, or tcp://host:port.
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="/var/run/clamav/clamd.ctl")

# --- Security headers -----------------------------------------------------
# No inline script or style anywhere: the policy needs no nonce, so cached
# pages stay valid under it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Database sessions, read by equality in SQL built once per process (eig/accounts/sessions.py).
SESSION_ENGINE = "eig.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# allauth's rate limits count per client address: behind N reverse proxies, the
# address is read from X-Forwarded-For (else every candidate would share the
# proxy's address and a deadline rush would meet "too many attempts").
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- ProConnect (state agents) ------------------------------------------
# Agents of administrations sign in with ProConnect (OpenID Connect) when a client is
# configured; everyone else, and everyone without it, signs in by email.
# eig/accounts/proconnect reads its signed-JWT userinfo; docs/deployment.md.
PROCONNECT_CLIENT_ID = env.str("PROCONNECT_CLIENT_ID", default="")
PROCONNECT_SECRET = env.str("PROCONNECT_SECRET", default="")
PROCONNECT_URL = env.str("PROCONNECT_URL", default="https://auth.agentconnect.gouv.fr/api/v2")
SOCIALACCOUNT_PROVIDERS = {}
if PROCONNECT_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["proconnect"] = {
        "APPS": [
            {
                "client_id": PROCONNECT_CLIENT_ID,
                "secret": PROCONNECT_SECRET,
                "settings": {"server_url": PROCONNECT_URL},
            }
        ]
    }
    # The sign-in button posts to our own URL, which redirects to ProConnect: browsers
    # apply form-action to that redirect too.
    _proconnect_origin = "/".join(PROCONNECT_URL.split("/")[:3])
    SECURE_CSP["form-action"] = [*SECURE_CSP["form-action"], _proconnect_origin]
# Signing out of a ProConnect session also ends it at ProConnect (end_session_endpoint).
# ProConnect's adapter, plus the landing on each person's own space after sign-in.
ACCOUNT_ADAPTER = "eig.web.common.adapters.AccountAdapter"
# An agent whose address ProConnect vouches for is signed up without a form, and an
# account already holding that address is signed in and linked to ProConnect (allauth
# wipes its password if the address was never verified locally).
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Tokens are not kept: the platform calls no ProConnect API after the sign-in.
SOCIALACCOUNT_STORE_TOKENS = False

# --- Email ----------------------------------------------------------------
# Development prints mail on the console; production sets the SMTP backend
# (or a provider's) and its options.
EMAIL_BACKEND_CLASS = env.str("EMAIL_BACKEND_CLASS", default="django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_CLASS}}
if EMAIL_BACKEND_CLASS.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env.str("SMTP_HOST", default="localhost"),
        "port": env.int("SMTP_PORT", default=587),
        "username": env.str("SMTP_USER", default=""),
        "password": env.str("SMTP_PASSWORD", default=""),
        "use_tls": env.bool("SMTP_USE_TLS", default=True),
        "timeout": 10,
    }
elif EMAIL_BACKEND_CLASS.endswith("filebased.EmailBackend"):
    # One file per sending into a directory (the fault drill counts the receipts there).
    MAILERS["default"]["OPTIONS"] = {"file_path": env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="EIG <ne-pas-repondre@eig.example.gouv.fr>")
# The programme team's address, given to every team as its contact (the team page, « Mon programme »).
PROGRAMME_TEAM_EMAIL = env.str("PROGRAMME_TEAM_EMAIL", default="programme@eig.example.gouv.fr")

# --- Notifications (eig/notifications, docs/architecture.md "Outbox") ------
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)
# A message "sending" for longer is taken for a dead worker's: far above the SMTP timeout.
NOTIFICATIONS_SENDING_TIMEOUT_SECONDS = env.int("NOTIFICATIONS_SENDING_TIMEOUT_SECONDS", default=900)
NOTIFICATIONS_REQUEUE_AFTER_SECONDS = env.int("NOTIFICATIONS_REQUEUE_AFTER_SECONDS", default=300)
NOTIFICATIONS_RETENTION_DAYS = env.int("NOTIFICATIONS_RETENTION_DAYS", default=365)

# --- Background tasks -----------------------------------------------------
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
