import pytest


@pytest.fixture(autouse=True)
def _courriels_en_memoire(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
