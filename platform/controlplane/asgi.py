"""ASGI entry point: the web server (`assay web`: gunicorn with uvicorn workers) serves this."""

import os
import warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
os.environ.setdefault("ASSAY_ASGI", "1")  # read by the settings: no persistent database connections

from django.core.asgi import get_asgi_application  # after the environment it reads

# Static files (WhiteNoise) are file iterators, which Django's ASGI handler reads in a thread, as it
# should; its warning about it would fill the log with one line per stylesheet.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous iterators")

application = get_asgi_application()
