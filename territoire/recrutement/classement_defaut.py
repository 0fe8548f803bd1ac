"""Default rules of the industrial classification of trainings (loaded as data by a
migration; the team edits them afterwards, with a preview).

Sources of the codes: the ROME répertoire (France Travail; domain H "Industrie", and the
industrial maintenance jobs I1302, I1304, I1309, I1310) and the NSF nomenclature of training
specialities (INSEE/CNIS, 1994; group 2 "domaines technico-professionnels de la production"),
the Formacode thesaurus (Centre Inffo; field 316 "génie industriel").
Filière codes are those of `etablissements.Filiere` (DESIGN §6). A rule whose filière is
empty says "industrial, several filières".
"""

from __future__ import annotations

# (critère, préfixe, filière, industriel, note)
REGLES = [
    # ROME, domain H (Industrie): by sub-domain.
    ("rome", "H1", "", True, "ROME H1 : ingénierie, méthodes, qualité, HSE industriels"),
    ("rome", "H21", "agroalimentaire", True, "ROME H21 : alimentaire"),
    ("rome", "H22", "bois-papier", True, "ROME H22 : bois"),
    ("rome", "H23", "chimie-pharmacie", True, "ROME H23 : chimie et pharmacie"),
    ("rome", "H24", "textile", True, "ROME H24 : cuir et textile"),
    ("rome", "H25", "", True, "ROME H25 : encadrement de la production industrielle"),
    ("rome", "H26", "electronique", True, "ROME H26 : électronique et électricité"),
    ("rome", "H27", "energie", True, "ROME H27 : énergie"),
    ("rome", "H28", "mineraux", True, "ROME H28 : matériaux de construction, céramique et verre"),
    ("rome", "H29", "mecanique", True, "ROME H29 : mécanique, travail des métaux et outillage"),
    ("rome", "H2902", "metallurgie", True, "ROME H2902 : chaudronnerie, tôlerie"),
    ("rome", "H2907", "metallurgie", True, "ROME H2907 : production des métaux"),
    ("rome", "H2911", "metallurgie", True, "ROME H2911 : structures métalliques"),
    ("rome", "H2913", "metallurgie", True, "ROME H2913 : soudage"),
    ("rome", "H31", "bois-papier", True, "ROME H31 : papier et carton"),
    ("rome", "H32", "plasturgie", True, "ROME H32 : plastique, caoutchouc, composites"),
    ("rome", "H33", "", True, "ROME H33 : préparation et conditionnement"),
    ("rome", "H34", "metallurgie", True, "ROME H34 : traitements thermiques et de surface"),
    ("rome", "I1302", "maintenance", True, "ROME I1302 : maintenance d'automatismes"),
    ("rome", "I1304", "maintenance", True, "ROME I1304 : maintenance d'équipements industriels"),
    ("rome", "I1309", "maintenance", True, "ROME I1309 : maintenance électrique"),
    ("rome", "I1310", "maintenance", True, "ROME I1310 : maintenance mécanique industrielle"),
    # NSF, group 2 (production): transformations, mechanics, electricity, materials.
    ("nsf", "200", "", True, "NSF 200 : technologies industrielles fondamentales"),
    ("nsf", "201", "", True, "NSF 201 : technologies de commandes des transformations industrielles"),
    ("nsf", "220", "", True, "NSF 220 : spécialités pluritechnologiques des transformations"),
    ("nsf", "221", "agroalimentaire", True, "NSF 221 : agroalimentaire, alimentation, cuisine"),
    ("nsf", "222", "chimie-pharmacie", True, "NSF 222 : transformations chimiques et apparentées"),
    ("nsf", "223", "metallurgie", True, "NSF 223 : métallurgie"),
    ("nsf", "224", "mineraux", True, "NSF 224 : matériaux de construction, verre, céramique"),
    ("nsf", "225", "plasturgie", True, "NSF 225 : plasturgie, matériaux composites"),
    ("nsf", "226", "bois-papier", True, "NSF 226 : papier, carton"),
    ("nsf", "227", "energie", True, "NSF 227 : énergie, génie climatique"),
    ("nsf", "240", "textile", True, "NSF 240 : spécialités pluritechnologiques matériaux souples"),
    ("nsf", "241", "textile", True, "NSF 241 : textile"),
    ("nsf", "250", "", True, "NSF 250 : spécialités pluritechnologiques mécanique-électricité"),
    ("nsf", "251", "mecanique", True, "NSF 251 : mécanique générale et de précision, usinage"),
    ("nsf", "252", "automobile", True, "NSF 252 : moteurs et mécanique auto"),
    ("nsf", "253", "autres-transports", True, "NSF 253 : mécanique aéronautique et spatiale"),
    ("nsf", "254", "metallurgie", True, "NSF 254 : structures métalliques"),
    ("nsf", "255", "electronique", True, "NSF 255 : électricité, électronique"),
    # Formacode (Centre Inffo, 13th edition): the field 316 "génie industriel" of the domain
    # "production industrielle, transport, logistique" (the first three digits of a descriptor
    # are its field: 31606 conduite projet industriel, 31620 conduite installation industrielle,
    # 31654 génie industriel). Tried after ROME, RNCP and NSF.
    ("formacode", "316", "", True, "Formacode 316 : génie industriel"),
    # The ONISEP industrial extract: the domain every one of its diplomas carries.
    ("onisep", "matières premières, fabrication, industries", "", True,
     "Diplôme du catalogue ONISEP, domaine « matières premières, fabrication, industries »"),
]


def charger(RegleClassement, Filiere) -> None:
    filieres = dict(Filiere.objects.values_list("code", "pk"))
    for critere, prefixe, filiere, industriel, note in REGLES:
        RegleClassement.objects.update_or_create(
            critere=critere, prefixe=prefixe,
            defaults={"filiere_id": filieres.get(filiere), "industriel": industriel, "note": note},
        )


def charger_nouvelles(RegleClassement, Filiere, criteres: tuple[str, ...]) -> None:
    """Create the default rules of these criteria that are not there yet (a later migration:
    the rules the team has edited since are left as they are)."""
    filieres = dict(Filiere.objects.values_list("code", "pk"))
    for critere, prefixe, filiere, industriel, note in REGLES:
        if critere in criteres:
            RegleClassement.objects.get_or_create(
                critere=critere, prefixe=prefixe,
                defaults={"filiere_id": filieres.get(filiere), "industriel": industriel, "note": note},
            )
