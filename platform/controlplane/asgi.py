"""ASGI entry point: the web server (`assay web`: gunicorn with uvicorn workers) serves this."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
os.environ.setdefault("ASSAY_ASGI", "1")  # read by the settings: no persistent database connections

from django.core.asgi import get_asgi_application  # after the environment it reads

application = get_asgi_application()
