"""The WSGI application (what `territoire serve` runs; any WSGI server can run it too).

Refuses to load outside the demonstration when SECRET_KEY is not set (territoire/exploitation/cle.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
application = get_wsgi_application()

from territoire.exploitation.cle import exiger_cle_de_production  # noqa: E402  (settings loaded)

exiger_cle_de_production()
