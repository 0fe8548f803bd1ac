"""Writes of the investor pipeline: create, qualify, propose, visit, move on, win or lose."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoire.etablissements.identifiants import siren_valide
from territoire.reseau.actions import enregistrer_historique

from .. import correspondance
from ..models.prospects import ETAPES_ACTIVES, Etape, Proposition, Prospect, TransitionProspect

MOTS = Path(__file__).resolve().parents[1] / "data" / "noms_de_code.json"
ORDRE = list(Etape.values)


def nom_de_code_libre(territoire, graine=None) -> str:
    """« Projet <mot> », a neutral word no other project of the territory uses."""
    mots = json.loads(MOTS.read_text(encoding="utf-8"))["mots"]
    pris = set(Prospect.objects.filter(territoire=territoire).values_list("nom_de_code", flat=True))
    tirage = random.Random(graine)
    for mot in tirage.sample(mots, len(mots)):
        if f"Projet {mot}" not in pris:
            return f"Projet {mot}"
    n = 2
    while f"Projet {mots[0]} {n}" in pris:
        n += 1
    return f"Projet {mots[0]} {n}"


def _transition(prospect, de: str, vers: str, auteur, note: str = "", le=None) -> TransitionProspect:
    le = le or timezone.now()
    prospect.etape = vers
    prospect.etape_depuis = le
    return TransitionProspect.objects.create(
        prospect=prospect, de=de, vers=vers, le=le, note=note,
        par=auteur if getattr(auteur, "is_authenticated", False) else None,
    )


@transaction.atomic
def creer_prospect(territoire, *, auteur=None, nom_de_code: str = "", partenaires=(), le=None, **champs) -> Prospect:
    """A new project in the pipeline, at the first-contact stage, under a code name by default."""
    prospect = Prospect(territoire=territoire, nom_de_code=(nom_de_code or "").strip() or nom_de_code_libre(territoire),
                        **champs)
    prospect.full_clean(exclude=["etape_depuis"])
    prospect.etape = Etape.CONTACT
    prospect.save()
    if partenaires:
        prospect.partenaires.set(partenaires)
    _transition(prospect, "", Etape.CONTACT, auteur, "Projet enregistré", le=le)
    prospect.save(update_fields=["etape", "etape_depuis"])
    enregistrer_historique(prospect, auteur, f"Projet enregistré sous le nom de code « {prospect.nom_de_code} »")
    return prospect


@transaction.atomic
def modifier_prospect(prospect: Prospect, *, auteur=None, partenaires=None, **champs) -> Prospect:
    avant = {k: getattr(prospect, k) for k in champs}
    for k, v in champs.items():
        setattr(prospect, k, v)
    prospect.full_clean(exclude=["etape_depuis"])
    prospect.save()
    if partenaires is not None:
        prospect.partenaires.set(partenaires)
    changes = {k: [str(avant[k]), str(v)] for k, v in champs.items() if avant[k] != v and k != "nom_reel"}
    if "nom_reel" in champs and avant["nom_reel"] != champs["nom_reel"]:
        changes["nom_reel"] = ["(confidentiel)", "(confidentiel)"]  # the real name never enters the shared history
    if changes:
        enregistrer_historique(prospect, auteur, "Besoins ou fiche du projet modifiés", changes)
    return prospect


@transaction.atomic
def changer_etape(prospect: Prospect, etape: str, *, auteur=None, note: str = "", raison_perte: str = "",
                  siren: str = "", le=None) -> Prospect:
    """Move a project to another stage, dated and signed. Lost needs its reason; won may carry
    the firm's SIREN, by which the next SIRENE import finds its new establishment."""
    if etape not in Etape.values:
        raise ValidationError({"etape": f"Étape inconnue « {etape} »."})
    if etape == prospect.etape:
        raise ValidationError({"etape": "Le projet est déjà à cette étape."})
    siren = "".join(siren.split())
    if etape == Etape.PERDU and not raison_perte.strip():
        raise ValidationError({"raison_perte": "Dites pourquoi le projet est perdu (choix d'un autre territoire, abandon…) : "
                                               "c'est ce qui fait progresser l'offre."})
    if siren and not siren_valide(siren):
        raise ValidationError({"siren": "Ce numéro n'est pas un SIREN valide (9 chiffres, clé de contrôle)."})
    de = prospect.etape
    _transition(prospect, de, etape, auteur, note, le=le)
    champs = ["etape", "etape_depuis", "modifie_le"]
    if etape == Etape.PERDU:
        prospect.raison_perte = raison_perte.strip()
        champs.append("raison_perte")
    if etape == Etape.GAGNE:
        prospect.gagne_le = timezone.localdate(le) if le else timezone.localdate()
        champs.append("gagne_le")
        if siren:
            prospect.siren = siren
            champs.append("siren")
    prospect.save(update_fields=champs)
    enregistrer_historique(prospect, auteur, f"Étape : {Etape(de).label if de else '—'} → {Etape(etape).label}",
                           {"etape": [de, etape], **({"note": ["", note]} if note else {})})
    if etape == Etape.GAGNE and prospect.siren:
        rattacher_prospects_gagnes(prospect.territoire, prospects=[prospect])
    return prospect


def avancer_jusqua(prospect: Prospect, etape: str, *, auteur=None, note: str = "", le=None) -> None:
    """Move forward to `etape` if the project is still before it (a proposal moves a qualified
    project to "sites proposés"); never backwards, never out of a final stage."""
    if prospect.etape in ETAPES_ACTIVES and ORDRE.index(prospect.etape) < ORDRE.index(etape):
        changer_etape(prospect, etape, auteur=auteur, note=note, le=le)


def organisation_du_projet(prospect: Prospect, auteur=None):
    """The network Organisation that carries the project's exchanges (interactions need one):
    created under the code name, so that nothing confidential enters the shared directory."""
    from territoire.reseau.models import Organisation

    if prospect.organisation_id:
        return prospect.organisation
    orga = Organisation.objects.create(
        nom=f"{prospect.nom_de_code} (projet d'implantation)", type=Organisation.Type.AUTRE, fictif=prospect.illustratif,
        description="Projet d'implantation suivi sous nom de code (Attirer) ; le nom réel n'est connu que de l'équipe "
                    "et des partenaires nommés.",
    )
    orga.territoires.add(prospect.territoire)
    enregistrer_historique(orga, auteur, "Organisation créée pour les échanges d'un projet d'implantation")
    prospect.organisation = orga
    prospect.save(update_fields=["organisation"])
    return orga


def _libelle_offre(terrain=None, local=None) -> str:
    if terrain is not None:
        return f"terrain {terrain.terr_id} ({terrain.site.site_nom})"
    return f"local « {local.nom} »"


@transaction.atomic
def proposer(prospect: Prospect, *, terrains=(), locaux=(), date: dt.date | None = None, notes: str = "",
             auteur=None) -> list[Proposition]:
    """Propose plots and premises to a project: one Interaction of the network (an email sent)
    and one Proposition per offer with its criteria as checked now."""
    from territoire.reseau.actions import enregistrer_interaction

    from ..offres import offres_pour_correspondance

    terrains, locaux = list(terrains), list(locaux)
    if not terrains and not locaux:
        raise ValidationError("Choisissez au moins un terrain ou un local à proposer.")
    date = date or timezone.localdate()
    besoin = correspondance.besoin_de(prospect)
    donnees_t, donnees_l = offres_pour_correspondance(
        prospect.territoire, terrains=[t.pk for t in terrains], locaux=[x.pk for x in locaux]
    )
    par_terrain = {d["pk"]: d for d in donnees_t}
    par_local = {d["pk"]: d for d in donnees_l}
    libelles = [_libelle_offre(terrain=t) for t in terrains] + [_libelle_offre(local=x) for x in locaux]
    interaction = enregistrer_interaction(
        prospect.territoire, organisation_du_projet(prospect, auteur), type="courriel", date=date,
        objet=f"Proposition d'implantation : {', '.join(libelles)}"[:250], notes=notes, auteur=auteur,
    )
    propositions = []
    for t in terrains:
        criteres = [c.as_dict() for c in correspondance.criteres_terrain(besoin, par_terrain[t.pk])]
        propositions.append(Proposition.objects.create(prospect=prospect, terrain=t, interaction=interaction,
                                                       date=date, criteres=criteres))
    for x in locaux:
        criteres = [c.as_dict() for c in correspondance.criteres_local(besoin, par_local[x.pk])]
        propositions.append(Proposition.objects.create(prospect=prospect, local=x, interaction=interaction,
                                                       date=date, criteres=criteres))
    enregistrer_historique(prospect, auteur, f"Proposé : {', '.join(libelles)}")
    avancer_jusqua(prospect, Etape.SITES_PROPOSES, auteur=auteur, note="Sites proposés")
    return propositions


@transaction.atomic
def enregistrer_visite(prospect: Prospect, *, date: dt.date, objet: str, notes: str = "", propositions=(),
                       auteur=None):
    """A site visit with the project's people, as a network Interaction (type visit)."""
    from territoire.reseau.actions import enregistrer_interaction

    interaction = enregistrer_interaction(
        prospect.territoire, organisation_du_projet(prospect, auteur), type="visite", date=date,
        objet=objet[:250], notes=notes, auteur=auteur,
    )
    for p in propositions:
        if p.reponse == Proposition.Reponse.EN_ATTENTE:
            p.reponse = Proposition.Reponse.INTERESSE
            p.save(update_fields=["reponse"])
    enregistrer_historique(prospect, auteur, f"Visite du {date:%d/%m/%Y} : {objet}")
    avancer_jusqua(prospect, Etape.VISITE, auteur=auteur, note="Visite", le=None)
    return interaction


def repondre(proposition: Proposition, reponse: str, auteur=None) -> Proposition:
    if reponse not in Proposition.Reponse.values:
        raise ValidationError({"reponse": "Réponse inconnue."})
    avant = proposition.reponse
    proposition.reponse = reponse
    proposition.save(update_fields=["reponse"])
    enregistrer_historique(proposition.prospect, auteur, f"Réponse à la proposition : {proposition.get_reponse_display()}",
                           {"reponse": [avant, reponse]})
    return proposition


# --------------------------------------------------------------------------- won → Organisation


def rattacher_prospects_gagnes(territoire, *, import_id: int | None = None, prospects=None) -> list[Prospect]:
    """Won projects whose SIREN now has an active establishment in the territory: the project's
    Organisation becomes the firm (real name, SIRENE link), or one is created.

    Several establishments of the SIREN in the territory: the one created by the import, else
    the one on a plot or premises proposed and retained; still several: left for the team.
    """
    from territoire.etablissements.models import Changement, Etablissement
    from territoire.reseau.actions import creer_organisation_entreprise

    attente = Prospect.objects.filter(territoire=territoire, etape=Etape.GAGNE, etablissement__isnull=True).exclude(siren="")
    if prospects is not None:
        attente = attente.filter(pk__in=[p.pk for p in prospects])
    rattaches = []
    for prospect in attente.select_related("organisation"):
        candidats = list(
            Etablissement.objects.filter(siren=prospect.siren, etat="A", commune__territoires=territoire)
            .select_related("unite_legale")
        )
        if len(candidats) > 1 and import_id is not None:
            nouveaux = set(Changement.objects.filter(import_sirene_id=import_id, type="creation",
                                                     etablissement__in=candidats).values_list("etablissement_id", flat=True))
            candidats = [c for c in candidats if c.pk in nouveaux] or candidats
        if len(candidats) > 1:
            zones = set(prospect.propositions.filter(reponse="retenu").values_list("terrain__site__zone_id", flat=True))
            candidats = [c for c in candidats if c.zone_id in zones] or candidats
        if len(candidats) != 1:
            continue
        etab = candidats[0]
        with transaction.atomic():
            nom = prospect.nom_reel or etab.nom_affiche(public=False)
            orga = prospect.organisation
            if orga is None:
                orga = creer_organisation_entreprise(territoire, nom=nom, etablissement=etab, fictif=prospect.illustratif)
            else:
                orga.nom, orga.type, orga.etablissement = nom, orga.Type.ENTREPRISE, etab
                orga.description = f"Implantation gagnée par Attirer ({prospect.nom_de_code})."
                orga.copier_profil_sirene()
                orga.save()
                enregistrer_historique(orga, None, "Le projet d'implantation est devenu l'entreprise implantée",
                                       {"etablissement": [None, etab.siret]})
            prospect.organisation = orga
            prospect.etablissement = etab
            prospect.save(update_fields=["organisation", "etablissement"])
            enregistrer_historique(prospect, None, f"Établissement {etab.siret} trouvé dans le recensement SIRENE")
        rattaches.append(prospect)
    return rattaches
