"""Innover: competence holders, innovation needs, projects, industry-of-the-future diagnostic."""

from django.db import models  # noqa: F401
