"""The reference data's one error: bad input, said in French (what, where, how to fix it)."""


class DonneesInvalides(Exception):
    """Bad input, with a message that says what, where and how to fix it."""
