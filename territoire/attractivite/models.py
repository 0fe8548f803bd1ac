"""Attirer: economic sites in the CNIG standard, premises, brownfields, investor pipeline."""

from django.db import models  # noqa: F401
