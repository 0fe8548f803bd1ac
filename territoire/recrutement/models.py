"""Recruter: trainings (LHEO), recruitment needs, job offers and the match between them."""

from django.db import models  # noqa: F401
