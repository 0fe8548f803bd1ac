"""Innover's tests: the shipped vocabulary and questionnaire are there (a data migration loads
them; a transactional test elsewhere may have flushed them), and the model cache starts empty."""

import pytest


@pytest.fixture(autouse=True)
def _cache_des_modeles_vide():
    from territoire.concertation.suggestion import CACHE

    CACHE.vider()
    yield
    CACHE.vider()


@pytest.fixture
def vocabulaire(db):
    from tests.innovation.factories import questionnaire, vocabulaire

    vocabulaire()
    questionnaire()
