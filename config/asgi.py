import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# An application server runs no system check: refuse the public SECRET_KEY here too.
from eig.core.checks import refuse_public_secret_key  # noqa: E402

refuse_public_secret_key()
