"""The census's writes that the team makes from the web: the filière and services-to-industry
mappings (NAF rév. 2 prefixes → a filière, longest prefix first, importer.transformation.filiere_pour).

The mapping is one for the whole platform: `analyser` says how many establishments would change
filière on the territory and on the platform; `appliquer` saves it all or nothing — the rules, the
filières' labels and flags, and every establishment's stored filière change together, with an
entry in the shared history for each filière that changed. The page is vues_filieres.py.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify

from territoire.historique.actions import enregistrer_historique
from territoire.historique.models import Entree
from territoire.observatoire.cache import invalider_chiffres

from .importer.transformation import filiere_pour
from .models import Etablissement, Filiere, RegleNaf

PREFIXE = re.compile(r"^\d{2}(\.\d{1,2}[A-Z]?)?$")


@dataclass
class Proposition:
    """A whole mapping as the team proposes it: per filière, its label, flag and prefixes."""

    filieres: dict[int, dict] = field(default_factory=dict)  # id -> {"libelle", "actif", "prefixes": [..]}
    nouvelle: dict | None = None  # {"code", "libelle", "famille", "prefixes"}

    def regles(self, nouvelle_id: int = -1) -> dict[str, int]:
        regles = {p: pk for pk, f in self.filieres.items() for p in f["prefixes"]}
        if self.nouvelle:
            regles.update({p: nouvelle_id for p in self.nouvelle["prefixes"]})
        return regles


@dataclass
class Impact:
    """How many establishments would change filière, per (before, after) pair."""

    territoire: Counter = field(default_factory=Counter)
    plateforme: Counter = field(default_factory=Counter)

    @property
    def total_territoire(self) -> int:
        return sum(self.territoire.values())

    @property
    def total_plateforme(self) -> int:
        return sum(self.plateforme.values())


def lire_prefixes(texte: str, ou: str) -> list[str]:
    prefixes = [p.strip().upper() for p in re.split(r"[,;\s]+", texte or "") if p.strip()]
    mauvais = [p for p in prefixes if not PREFIXE.match(p)]
    if mauvais:
        raise ValidationError(f"{ou} : préfixes NAF illisibles : {', '.join(mauvais)} "
                              "(attendu : 25, 25.62 ou 25.62A, séparés par des virgules).")
    return list(dict.fromkeys(prefixes))


def analyser(proposition: Proposition, territoire) -> Impact:
    """The establishments whose filière the proposition would change (nothing is written).

    Establishments are grouped by activity code: a few hundred groups, whatever their number."""
    regles = proposition.regles()
    impact = Impact()
    groupes = (Etablissement.objects.filter(nomenclature_naf="NAFRev2").exclude(naf="")
               .values("naf", "filiere_id").annotate(n=Count("pk")).order_by())
    ici = {(g["naf"], g["filiere_id"]): g["n"] for g in groupes.filter(commune__territoires=territoire)}
    for g in groupes:
        apres = filiere_pour(g["naf"], "NAFRev2", regles)
        if apres != g["filiere_id"]:
            impact.plateforme[(g["filiere_id"], apres)] += g["n"]
            if (g["naf"], g["filiere_id"]) in ici:
                impact.territoire[(g["filiere_id"], apres)] += ici[(g["naf"], g["filiere_id"])]
    return impact


def verifier(proposition: Proposition) -> None:
    vus: dict[str, str] = {}
    libelles = {f.pk: f.libelle for f in Filiere.objects.all()}
    listes = [(libelles.get(pk, str(pk)), f["prefixes"]) for pk, f in proposition.filieres.items()]
    if proposition.nouvelle:
        listes.append((proposition.nouvelle["libelle"], proposition.nouvelle["prefixes"]))
    doublons = []
    for nom, prefixes in listes:
        for p in prefixes:
            if p in vus and vus[p] != nom:
                doublons.append(f"{p} (« {vus[p]} » et « {nom} »)")
            vus[p] = nom
    if doublons:
        raise ValidationError("Un préfixe NAF ne mène qu'à une filière : " + ", ".join(doublons) + ".")
    for pk, f in proposition.filieres.items():
        if not f["libelle"].strip():
            raise ValidationError(f"La filière n° {pk} a besoin d'un libellé.")


@transaction.atomic
def appliquer(proposition: Proposition, *, auteur=None, territoire=None) -> int:
    """Save the mapping, and every establishment's filière with it. Returns how many changed."""
    verifier(proposition)
    filieres = {f.pk: f for f in Filiere.objects.select_for_update()}
    avant = {pk: sorted(f.regles.values_list("prefixe", flat=True)) for pk, f in filieres.items()}
    nouvelle_id = None
    if proposition.nouvelle:
        n = proposition.nouvelle
        code = slugify(n["code"] or n["libelle"])[:60]
        if Filiere.objects.filter(code=code).exists():
            raise ValidationError(f"Une filière a déjà le code « {code} » : choisissez-en un autre.")
        nouvelle = Filiere.objects.create(code=code, libelle=n["libelle"].strip(), famille=n["famille"],
                                          ordre=max((f.ordre for f in filieres.values()), default=0) + 1)
        nouvelle_id = nouvelle.pk
        enregistrer_historique(nouvelle, auteur, "Filière créée", {"prefixes": [None, n["prefixes"]]},
                               nature=Entree.Nature.CREATION, territoire=territoire)
    regles = proposition.regles(nouvelle_id or -1)
    RegleNaf.objects.exclude(prefixe__in=list(regles)).delete()
    for prefixe, pk in regles.items():
        RegleNaf.objects.update_or_create(prefixe=prefixe, defaults={"filiere_id": pk})
    for pk, f in proposition.filieres.items():
        filiere = filieres[pk]
        changements = {}
        for champ in ("libelle", "actif"):
            if getattr(filiere, champ) != f[champ]:
                changements[champ] = [getattr(filiere, champ), f[champ]]
                setattr(filiere, champ, f[champ])
        if sorted(f["prefixes"]) != avant[pk]:
            changements["prefixes"] = [avant[pk], sorted(f["prefixes"])]
        if changements:
            filiere.save()
            enregistrer_historique(filiere, auteur, "Correspondance NAF modifiée", changements, territoire=territoire)
    # Every establishment's stored filière, recomputed by activity code (one update per code).
    change = 0
    groupes = (Etablissement.objects.filter(nomenclature_naf="NAFRev2").exclude(naf="")
               .values("naf", "filiere_id").annotate(n=Count("pk")).order_by())
    for g in list(groupes):
        apres = filiere_pour(g["naf"], "NAFRev2", regles)
        if apres != g["filiere_id"]:
            change += Etablissement.objects.filter(nomenclature_naf="NAFRev2", naf=g["naf"],
                                                   filiere_id=g["filiere_id"]).update(filiere_id=apres)
    invalider_chiffres()  # update() sends no signal: the cached key figures must be renewed
    return change
