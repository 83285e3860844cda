"""System checks of the deployment that Django's own do not make.

The development SECRET_KEY of config/settings.py is in the public repository: it signs
sessions, password-reset and email-confirmation links, and derives the key that encrypts
the TOTP secrets (eig/accounts/adapters.py). Django's security.W009 does not catch it (it
is long and does not start with "django-insecure-"), so without DEBUG the platform refuses
to start with it, or with no key (security review F4). Registered without the deploy flag:
it runs before migrate, runserver and every command that checks, and with `check --deploy`.
config/wsgi.py runs it too, since an application server runs no system check.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

# The development default of config/settings.py and the placeholder of .env.example.
PUBLIC_KEY_PREFIXES = ("dev-only-insecure-key",)
PUBLIC_KEYS = {"", "change-me"}

PUBLIC_KEY_CHECK_ID = "eig.E001"


def _secret_key() -> str:
    try:
        return settings.SECRET_KEY or ""
    except ImproperlyConfigured:  # Django refuses an empty SECRET_KEY on access
        return ""


def is_public_secret_key(key: str) -> bool:
    key = key.strip()
    return key in PUBLIC_KEYS or key.startswith(PUBLIC_KEY_PREFIXES)


@register(Tags.security)
def check_secret_key(app_configs=None, **kwargs):
    if settings.DEBUG or not is_public_secret_key(_secret_key()):
        return []
    return [
        Error(
            # Read by whoever deploys, like the messages of load_demo: French, not translated.
            "SECRET_KEY n'est pas définie ou vaut la clé publique de développement, alors que DEBUG est désactivé : "
            "sessions et liens de réinitialisation seraient signés, secrets TOTP chiffrés, avec une clé connue de tous.",
            hint=(
                "Donnez à SECRET_KEY une longue valeur aléatoire, gardée secrète, par exemple "
                'python -c "import secrets; print(secrets.token_urlsafe(50))" (docs/deployment.md). '
                "En développement sur votre machine : DEBUG=1."
            ),
            id=PUBLIC_KEY_CHECK_ID,
        )
    ]


def refuse_public_secret_key() -> None:
    """Stop an application server from starting with a public key (it runs no system check)."""
    errors = check_secret_key()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
