"""Background jobs run by the task queue: their state, progress and messages."""

from django.db import models  # noqa: F401
