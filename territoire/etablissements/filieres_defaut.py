"""Default filières and services-to-industry families (DESIGN §6). Loaded as data by a
migration; the team edits them afterwards in the back-office."""

from __future__ import annotations


def _divisions(debut: int, fin: int) -> list[str]:
    return [f"{d:02d}" for d in range(debut, fin + 1)]


# (code, libellé, famille, actif, préfixes NAF rév. 2)
FILIERES = [
    ("agroalimentaire", "Agroalimentaire", "industrie", True, _divisions(10, 12)),
    ("textile", "Textile, habillement, cuir", "industrie", True, _divisions(13, 15)),
    ("bois-papier", "Bois, papier, imprimerie", "industrie", True, _divisions(16, 18)),
    ("chimie-pharmacie", "Chimie, pharmacie", "industrie", True, _divisions(19, 21)),
    ("plasturgie", "Plasturgie, caoutchouc", "industrie", True, ["22"]),
    ("mineraux", "Minéraux non métalliques", "industrie", True, ["23"]),
    ("metallurgie", "Métallurgie, travail des métaux", "industrie", True, ["24", "25"]),
    ("electronique", "Électronique", "industrie", True, ["26"]),
    ("equipements-electriques", "Équipements électriques", "industrie", True, ["27"]),
    ("batteries", "Batteries et accumulateurs", "industrie", True, ["27.20"]),
    ("mecanique", "Mécanique, machines", "industrie", True, ["28"]),
    ("automobile", "Automobile", "industrie", True, ["29"]),
    ("autres-transports", "Autres matériels de transport", "industrie", True, ["30"]),
    ("meubles-autres", "Meubles et autres industries", "industrie", True, ["31", "32"]),
    ("maintenance", "Maintenance, installation", "industrie", True, ["33"]),
    ("energie", "Énergie", "industrie", True, ["35"]),
    ("eau-dechets", "Eau, déchets, dépollution", "industrie", True, _divisions(36, 39)),
    ("extraction", "Industries extractives", "industrie", True, _divisions(5, 9)),
    (
        "numerique", "Numérique, informatique", "service", True,
        ["58.29A", "58.29B", "58.29C", "62.01Z", "62.02A", "62.02B", "62.03Z", "62.09Z", "63.11Z", "63.12Z"],
    ),
    ("ingenierie", "Ingénierie, essais", "service", True, ["71.12B", "71.20A", "71.20B", "72.19Z", "74.10Z"]),
    (
        "logistique", "Logistique, fret", "service", True,
        ["49.41A", "49.41B", "49.41C", "49.20Z", "50.40Z", "52.10A", "52.10B", "52.24A", "52.24B", "52.29A", "52.29B"],
    ),
    ("services-etendus", "Services étendus (location, intérim, nettoyage, conseil)", "service", False,
     ["77.32Z", "77.39Z", "78.20Z", "81.22Z", "70.22Z"]),
]


def charger(Filiere, RegleNaf) -> None:
    for ordre, (code, libelle, famille, actif, prefixes) in enumerate(FILIERES):
        filiere, _ = Filiere.objects.update_or_create(
            code=code, defaults={"libelle": libelle, "famille": famille, "actif": actif, "ordre": ordre}
        )
        for prefixe in prefixes:
            RegleNaf.objects.update_or_create(prefixe=prefixe, defaults={"filiere": filiere})
