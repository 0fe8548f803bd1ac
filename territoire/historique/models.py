"""The one audit model shared by every app: who, when, what changed, on which record."""

from django.db import models  # noqa: F401
