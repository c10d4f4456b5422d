import os

from django.core.asgi import get_asgi_application

from checklist.env import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "checklist.settings")

application = get_asgi_application()
require_secret_key()
