"""Writes on competence holders: create a holder, add what it offers, import the RNSR register."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoire.etablissements.identifiants import siret_valide
from territoire.reseau.actions import creer_organisation, enregistrer_historique
from territoire.reseau.models import Organisation

from .. import rnsr
from ..appariement.corpus import Detecteur
from ..index import renouveler_version
from ..models import (
    Competence,
    CompetenceDetenue,
    DetenteurCompetences,
    Equipement,
    ImportRecherche,
    Service,
    Tutelle,
)

SOURCE_EQUIPE = "Saisie de l'équipe"


@transaction.atomic
def creer_detenteur(territoire, *, nom: str, type: str, organisation: Organisation | None = None, sigle: str = "",
                    description: str = "", etablissement_parent=None, commune=None, adresse: str = "",
                    source: str = SOURCE_EQUIPE, public: bool = True, fictif: bool = False, auteur=None,
                    site_web: str = "") -> DetenteurCompetences:
    """A competence holder: its Organisation (created when not given) and its profile."""
    if type not in DetenteurCompetences.Type.values:
        raise ValidationError(f"Type de détenteur « {type} » inconnu.")
    if organisation is None:
        type_orga = Organisation.Type.ENTREPRISE if type == DetenteurCompetences.Type.ENTREPRISE else Organisation.Type.LABORATOIRE
        if type in {DetenteurCompetences.Type.DEPARTEMENT_UNIVERSITAIRE, DetenteurCompetences.Type.ECOLE_INGENIEURS}:
            type_orga = Organisation.Type.FORMATION
        organisation = creer_organisation(
            territoire, auteur=auteur, nom=nom, type=type_orga, sigle=sigle, description=description, commune=commune,
            fictif=fictif, site_web=site_web,
        )
    elif not organisation.territoires.filter(pk=territoire.pk).exists():
        organisation.territoires.add(territoire)
    detenteur = DetenteurCompetences(
        organisation=organisation, type=type, etablissement_parent=etablissement_parent, commune=commune,
        code_commune=commune.code_insee if commune else "", libelle_commune=commune.nom if commune else "",
        latitude=commune.latitude if commune else None, longitude=commune.longitude if commune else None,
        adresse=adresse, source=source, public=public,
    )
    detenteur.full_clean(exclude=["organisation"])
    detenteur.save()
    enregistrer_historique(organisation, auteur, f"Profil de détenteur de compétences créé ({detenteur.get_type_display()})",
                           territoire=territoire)
    return detenteur


@transaction.atomic
def ajouter_competence(detenteur: DetenteurCompetences, competence: Competence, *, source: str, principale: bool = False,
                       precision: str = "", public: bool = True, auteur=None) -> CompetenceDetenue:
    """Add (or update) a competence of a holder; the source is required."""
    if not (source or "").strip():
        raise ValidationError("Indiquez la source de cette compétence (site du laboratoire, échange du …, répertoire…).")
    ligne, cree = CompetenceDetenue.objects.update_or_create(
        detenteur=detenteur, competence=competence,
        defaults={"source": source.strip()[:300], "principale": principale, "precision": precision[:300], "public": public},
    )
    enregistrer_historique(detenteur.organisation, auteur,
                           f"Compétence {'ajoutée' if cree else 'mise à jour'} : {competence.libelle}")
    return ligne


def _offre(modele, detenteur, *, nom: str, source: str, description: str = "", competences=(), public: bool = True,
           auteur=None, **champs):
    if not (source or "").strip():
        raise ValidationError("Indiquez la source de cette ligne.")
    objet = modele(detenteur=detenteur, nom=nom.strip()[:200], description=description, source=source.strip()[:300],
                   public=public, **champs)
    objet.full_clean(exclude=["detenteur"])
    objet.save()
    if competences:
        objet.competences.set(competences)
    enregistrer_historique(detenteur.organisation, auteur, f"{modele._meta.verbose_name.capitalize()} ajouté : {objet.nom}")
    return objet


@transaction.atomic
def ajouter_equipement(detenteur, **kwargs) -> Equipement:
    return _offre(Equipement, detenteur, **kwargs)


@transaction.atomic
def ajouter_service(detenteur, *, type: str, **kwargs) -> Service:
    return _offre(Service, detenteur, type=type, **kwargs)


# ---------------------------------------------------------------- RNSR import

def _detecteur_du_vocabulaire() -> tuple[Detecteur, dict[str, Competence]]:
    from ..index import detecteur_vocabulaire

    return detecteur_vocabulaire(), {c.code: c for c in Competence.objects.filter(actif=True)}


def _tutelle(territoire, t: rnsr.TutelleRNSR, cache: dict, auteur) -> Organisation:
    cle = t.siret or t.nom
    if cle in cache:
        return cache[cle]
    orga = None
    if t.siret:
        orga = Organisation.objects.filter(siret=t.siret).order_by("pk").first()
    if orga is None:
        orga = Organisation.objects.filter(nom__iexact=t.nom, type__in=[Organisation.Type.LABORATOIRE, Organisation.Type.FORMATION]).order_by("pk").first()
    if orga is None:
        type_orga = Organisation.Type.FORMATION if t.nature in {"UNIV", "AUT_ETAB"} else Organisation.Type.LABORATOIRE
        orga = creer_organisation(territoire, auteur=auteur, nom=t.nom[:250], type=type_orga, sigle=t.sigle[:50],
                                  siret=t.siret if siret_valide(t.siret) else "")
    elif not orga.territoires.filter(pk=territoire.pk).exists():
        orga.territoires.add(territoire)
    cache[cle] = orga
    return orga


def _lieu(s: rnsr.StructureRNSR, communes: dict, trouver_lieu):
    commune = None
    lieu = trouver_lieu(s.code_postal, s.commune) if trouver_lieu else None
    if lieu is not None:
        commune = communes.get(lieu.code_insee)
    return lieu, commune


@transaction.atomic
def importer_structures(territoire, contenu: bytes, nom: str, *, departements: list[str] | None = None,
                        numeros: list[str] | None = None, domaines_exclus: list[str] | None = None, par=None,
                        dry_run: bool = False, trouver_lieu=None, source: str = "") -> ImportRecherche:
    """Import (or refresh) the research structures of an RNSR export as competence holders.

    The whole file is read and checked first: a bad file changes nothing. Filters: the
    departments (first two digits of the postal code), explicit RNSR numbers, scientific domains
    left out. Each structure: its Organisation (type laboratory), its holder profile with the
    register fields, its supervising bodies (Organisations found by SIRET or created), its place
    (commune and position from official data), and the competences derived from its fields,
    each with its source. A structure imported before keeps the competences the team added.
    With `dry_run`, everything is computed and then rolled back.
    """
    from territoire.referentiel.models import Commune

    from ..lieux import trouver_lieu as trouver_par_defaut

    structures, lues = rnsr.lire(contenu, nom)
    debut = timezone.now()
    retenues = [
        s for s in structures
        if (not departements or s.departement in departements)
        and (not numeros or s.numero in numeros)
        and not (domaines_exclus and s.domaines and all(d["code"] in domaines_exclus for d in s.domaines))
    ]
    source = source or f"RNSR, fichier {nom} importé le {timezone.localdate():%d/%m/%Y}"
    run = ImportRecherche.objects.create(
        territoire=territoire, fichier=nom[:300], empreinte=hashlib.sha256(contenu).hexdigest(), debut=debut, lignes=lues,
        retenues=len(retenues), par=par if par is not None and par.is_authenticated else None,
        filtres={"departements": departements or [], "numeros": numeros or [], "domaines_exclus": domaines_exclus or []},
    )
    detecteur, competences = _detecteur_du_vocabulaire()
    codes = set(competences)
    existants = {d.numero_rnsr: d for d in DetenteurCompetences.objects.filter(numero_rnsr__isnull=False).select_related("organisation")}
    communes = {c.code_insee: c for c in Commune.objects.all()}
    chercher = trouver_lieu if trouver_lieu is not None else trouver_par_defaut
    cache_tutelles: dict = {}
    vus = set()
    for s in retenues:
        vus.add(s.numero)
        lieu, commune = _lieu(s, communes, chercher)
        champs = {
            "type": s.type_detenteur, "adresse": s.adresse, "code_postal": s.code_postal,
            "libelle_commune": lieu.nom if lieu else s.commune_sans_cedex.title(), "code_commune": lieu.code_insee if lieu else "",
            "commune": commune, "latitude": lieu.latitude if lieu else None, "longitude": lieu.longitude if lieu else None,
            "label_numero": s.label_numero[:100], "annee_creation": s.annee_creation, "type_structure_rnsr": s.type_structure,
            "domaines": s.domaines, "panels_erc": s.panels, "fiche_rnsr": s.fiche[:300], "source": source[:300],
            "import_recherche": run, "dans_dernier_import": True,
        }
        detenteur = existants.get(s.numero)
        if detenteur is None:
            orga = creer_organisation(
                territoire, auteur=par, nom=s.libelle, type=Organisation.Type.LABORATOIRE, sigle=s.sigle,
                site_web=s.site_web, commune=commune,
            )
            detenteur = DetenteurCompetences.objects.create(organisation=orga, numero_rnsr=s.numero, **champs)
            existants[s.numero] = detenteur
            run.creees += 1
        else:
            change = any(getattr(detenteur, k) != v for k, v in champs.items() if k not in {"import_recherche", "source"})
            orga = detenteur.organisation
            if (orga.nom, orga.sigle, orga.site_web) != (s.libelle, s.sigle, s.site_web):
                orga.nom, orga.sigle, orga.site_web = s.libelle, s.sigle, s.site_web
                orga.save(update_fields=["nom", "sigle", "site_web", "modifie_le"])
                change = True
            if not orga.territoires.filter(pk=territoire.pk).exists():
                orga.territoires.add(territoire)
            for k, v in champs.items():
                setattr(detenteur, k, v)
            detenteur.save()
            run.mises_a_jour += change
            run.inchangees += not change
        tutelles = [(_tutelle(territoire, t, cache_tutelles, par), t) for t in s.tutelles]
        Tutelle.objects.filter(detenteur=detenteur).delete()
        Tutelle.objects.bulk_create([
            Tutelle(detenteur=detenteur, organisation=o, ordre=i,
                    type=Tutelle.Type.PARTICIPANT if t.participant else Tutelle.Type.TUTELLE)
            for i, (o, t) in enumerate({o.pk: (o, t) for o, t in tutelles}.values())
        ])
        parent = next((o for o, t in tutelles if not t.participant), None)
        if detenteur.etablissement_parent_id != (parent.pk if parent else None):
            detenteur.etablissement_parent = parent
            detenteur.save(update_fields=["etablissement_parent", "modifie_le"])
        derivees = rnsr.competences_du_registre(s, codes, detecteur, source="RNSR")
        deja = set(CompetenceDetenue.objects.filter(detenteur=detenteur).values_list("competence__code", flat=True))
        CompetenceDetenue.objects.filter(detenteur=detenteur, source__startswith="RNSR").exclude(
            competence__code__in=list(derivees)
        ).delete()
        CompetenceDetenue.objects.bulk_create([
            CompetenceDetenue(detenteur=detenteur, competence=competences[code], source=src[:300])
            for code, src in derivees.items() if code not in deja
        ])
    # Parents in the register (a team in its lab), once every structure exists.
    par_numero = {s.numero: s for s in retenues}
    for numero, s in par_numero.items():
        parent = existants.get(s.parent) if s.parent else None
        detenteur = existants[numero]
        if detenteur.structure_parente_id != (parent.pk if parent else None):
            detenteur.structure_parente = parent
            detenteur.save(update_fields=["structure_parente", "modifie_le"])
    absents = DetenteurCompetences.objects.filter(
        numero_rnsr__isnull=False, organisation__territoires=territoire, dans_dernier_import=True
    ).exclude(numero_rnsr__in=vus)
    if not (departements or numeros):
        run.absentes = absents.update(dans_dernier_import=False)
    run.fin = timezone.now()
    run.save()
    renouveler_version()
    enregistrer_historique(run, par, f"Import du répertoire de la recherche : {run.creees} créée(s), "
                           f"{run.mises_a_jour} mise(s) à jour, {run.inchangees} inchangée(s)", territoire=territoire)
    if dry_run:
        transaction.set_rollback(True)
    return run
