"""Models of the design system: each territory's visual identity and editor fields."""

from django.db import models  # noqa: F401
