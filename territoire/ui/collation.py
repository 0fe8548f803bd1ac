"""Names sorted the French way, identically on SQLite and PostgreSQL.

Accents, case and ligatures are ignored, hyphens and apostrophes count as spaces:
Béthune, Beugin, Beuvry; Noeud, Nœux-les-Mines; L'Écluse sorts as "l ecluse".

The sort key is one fixed character mapping (`cle_fr`), computed by the same table on both
databases: on SQLite, a deterministic SQL function `cle_fr()` registered on every connection
(UiConfig.ready); on PostgreSQL, `translate()` with the same table and `replace()` for the
ligatures, compared under the "C" collation (code-point order, the order of SQLite's BINARY).
Neither depends on the server's locale nor on ICU. Characters outside the table keep their
code point. Ties are broken by the caller (a SIRET, a primary key).

    qs.annotate(cle=CleFrancaise("nom")).order_by("cle", "pk")
"""

from __future__ import annotations

from django.db.models import CharField, Func

# One-to-one replacements: accented letters (both cases) -> unaccented lower case, A–Z ->
# a–z, and the punctuation that separates words -> a space.
_SOURCE = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "àáâãäåāăąÀÁÂÃÄÅĀĂĄ"
    "çćĉċčÇĆĈĊČ"
    "ďđĎĐ"
    "èéêëēĕėęěÈÉÊËĒĔĖĘĚ"
    "ĝğġģĜĞĠĢ"
    "ĥħĤĦ"
    "ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ"
    "ĵĴ"
    "ķĶ"
    "ĺļľŀłĹĻĽĿŁ"
    "ñńņňÑŃŅŇ"
    "òóôõöøōŏőÒÓÔÕÖØŌŎŐ"
    "ŕŗřŔŖŘ"
    "śŝşšŚŜŞŠ"
    "ţťŧŢŤŦ"
    "ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ"
    "ŵŴ"
    "ýÿŷÝŸŶ"
    "źżžŹŻŽ"
    "-'’‘.,_/"
)
_CIBLE = (
    "abcdefghijklmnopqrstuvwxyz"
    "aaaaaaaaaaaaaaaaaa"
    "cccccccccc"
    "dddd"
    "eeeeeeeeeeeeeeeeee"
    "gggggggg"
    "hhhh"
    "iiiiiiiiiiiiiiiiii"
    "jj"
    "kk"
    "llllllllll"
    "nnnnnnnn"
    "oooooooooooooooooo"
    "rrrrrr"
    "ssssssss"
    "tttttt"
    "uuuuuuuuuuuuuuuuuuuu"
    "ww"
    "yyyyyy"
    "zzzzzz"
    "        "
)
assert len(_SOURCE) == len(_CIBLE), "table de tri : source et cible de longueurs différentes"
# Ligatures and letters that stand for two.
LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss"))

_TABLE = str.maketrans(_SOURCE, _CIBLE)


def cle_fr(texte: str | None) -> str | None:
    """The French sort key of `texte` (None stays None: it sorts as the database puts NULLs)."""
    if texte is None:
        return None
    for lettre, remplacement in LIGATURES:
        texte = texte.replace(lettre, remplacement)
    return texte.translate(_TABLE)


def enregistrer_sqlite(sender, connection, **kwargs) -> None:
    """Signal receiver (connection_created): gives SQLite its `cle_fr()` function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("cle_fr", 1, cle_fr, deterministic=True)


def _litteral(texte: str) -> str:
    return "'" + texte.replace("'", "''") + "'"


class CleFrancaise(Func):
    """The French sort key of an expression, as SQL (see the module's docstring)."""

    function = "cle_fr"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="cle_fr", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        for lettre, remplacement in LIGATURES:
            sql = f"replace({sql}, {_litteral(lettre)}, {_litteral(remplacement)})"
        sql = f"translate({sql}, {_litteral(_SOURCE)}, {_litteral(_CIBLE)})"
        # Django would pass the literals through the driver's paramstyle: they hold no '%'.
        return f'({sql})::text COLLATE "C"', params

    def as_sql(self, compiler, connection, **extra):
        raise NotImplementedError(
            f"Tri à la française : base {connection.vendor} non prise en charge (SQLite et PostgreSQL seulement)."
        )
