"""The demo territory's Innover axis: competence holders, needs, introductions, projects,
industry-of-the-future diagnostics, the Technopôle's units and hosted firms.

`construire(territoire, stdout)` runs after the network builder (it uses its fictitious firms).
It reads territoire/demo/data/innovation.json. The research structures are real: they go
through the real RNSR importer (`importer_structures`) with their public register fields; the
Technopôle de la Porte-Nord is real (named by the programme's document) with no invented fact
on itself; every other holder, and every need, project, diagnostic, unit and hosted firm, is
fictitious and says so. Every write goes through the app's actions. Deterministic (seeded);
rebuilding deletes the previous demo data of the territory first.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from territoire.comptes.models import Adhesion
from territoire.guichet import actions as guichet
from territoire.guichet.models import Demande, Sujet
from territoire.guichet.sujets_defaut import installer_sujets
from territoire.innovation import actions
from territoire.innovation.demonstration import (
    donnees,
    fiches_de_demonstration,
    lieux_de_demonstration,
)
from territoire.innovation.diagnostic import installer_questionnaire
from territoire.innovation.index import renouveler_version
from territoire.innovation.models import (
    BesoinInnovation,
    Cellule,
    Competence,
    DetenteurCompetences,
    Diagnostic,
    Hebergement,
    ProjetInnovation,
)
from territoire.innovation.propositions import proposer
from territoire.innovation.vocabulaire import installer_vocabulaire
from territoire.referentiel.models import Commune
from territoire.reseau import actions as reseau
from territoire.reseau.models import Interaction, Organisation

COLONNES_RNSR = (
    "numero_national_de_structure", "libelle", "sigle", "annee_de_creation", "type_de_structure",
    "code_de_type_de_structure", "code_de_niveau_de_structure", "site_web", "adresse", "code_postal", "commune",
    "label_numero", "tutelles", "sigles_des_tutelles", "code_de_nature_de_tutelle", "nature_de_tutelle",
    "uai_des_tutelles", "siret_des_tutelles", "code_de_type_de_tutelle", "type_de_tutelle", "numero_de_structure_enfant",
    "numero_de_structure_parent", "code_domaine_scientifique", "domaine_scientifique", "code_panel_erc", "panel_erc",
    "fiche_rnsr",
)
# Typical level by filière (the demo's diagnostics vary around it).
NIVEAUX_FILIERES = {"metallurgie": 2, "plasturgie": 3, "mecanique": 2, "agroalimentaire": 2}


def _moment(jour: date, heure: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(jour, time(heure, 0)))


def _effacer_precedent(territoire, d: dict) -> None:
    """The previous demo's Innover data of the territory (the network builder, run before, has
    already deleted the territory's fictitious organisations, exchanges and requests; this one
    also cleans up when run alone)."""
    from territoire.innovation.models import MiseEnRelation
    from territoire.reseau.models import Suivi

    mises = MiseEnRelation.objects.filter(besoin__territoire=territoire, besoin__fictif=True)
    echanges = {i for paire in mises.values_list("interaction_entreprise", "interaction_detenteur") for i in paire if i}
    suivis = [s for s in mises.values_list("suivi", flat=True) if s]
    diagnostics = Diagnostic.objects.filter(territoire=territoire, fictif=True)
    echanges |= {i for i in diagnostics.values_list("interaction", flat=True) if i}
    BesoinInnovation.objects.filter(territoire=territoire, fictif=True).delete()
    Suivi.objects.filter(pk__in=suivis).delete()
    diagnostics.delete()
    Interaction.objects.filter(pk__in=echanges).delete()
    ProjetInnovation.objects.filter(territoire=territoire, fictif=True).delete()
    Demande.objects.filter(territoire=territoire, fictif=True, sujet__code="innovation",
                           description=d["besoin_vitrine"]["texte"]).delete()
    hebergements = Hebergement.objects.filter(technopole__organisation__territoires=territoire, fictif=True)
    hebergees = list(hebergements.filter(entreprise__fictif=True, entreprise__detenteur__isnull=True)
                     .values_list("entreprise_id", flat=True))
    hebergements.delete()
    Organisation.objects.filter(pk__in=hebergees).delete()
    Cellule.objects.filter(technopole__organisation__territoires=territoire, fictif=True).delete()
    Organisation.objects.filter(territoires=territoire, fictif=True, detenteur__isnull=False).delete()


def _csv_rnsr(lignes: list[dict]) -> bytes:
    sortie = io.StringIO()
    writer = csv.DictWriter(sortie, fieldnames=COLONNES_RNSR, delimiter=";", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(lignes)
    return sortie.getvalue().encode("utf-8")


def _detenteurs(territoire, d: dict, equipe) -> dict[str, DetenteurCompetences]:
    """Real structures through the RNSR importer; the Technopôle; the fictitious holders."""
    actions.importer_structures(
        territoire, _csv_rnsr(d["rnsr"]), f"RNSR — extrait de la démonstration ({len(d['rnsr'])} structures)",
        par=equipe, source=d["source_rnsr"], trouver_lieu=lieux_de_demonstration,
    )
    par_cle = {x.numero_rnsr: x for x in DetenteurCompetences.objects.filter(numero_rnsr__in=[r["numero_national_de_structure"] for r in d["rnsr"]])}
    communes = {c.code_insee: c for c in territoire.communes.all()}
    competences = {c.code: c for c in Competence.objects.filter(actif=True)}
    for fiche in fiches_de_demonstration():
        if fiche.structure is not None:
            continue
        commune = communes.get(fiche.commune)
        if fiche.type == DetenteurCompetences.Type.TECHNOPOLE:
            existant = DetenteurCompetences.objects.filter(type=fiche.type, organisation__nom=fiche.nom).first()
            if existant is not None:
                par_cle[fiche.cle] = existant
                if not existant.organisation.territoires.filter(pk=territoire.pk).exists():
                    existant.organisation.territoires.add(territoire)
                continue
            orga = Organisation.objects.filter(nom=fiche.nom, fictif=False).first()
            detenteur = actions.creer_detenteur(
                territoire, nom=fiche.nom, type=fiche.type, organisation=orga, description=fiche.description,
                commune=commune, source=fiche.source, auteur=equipe,
            )
            if orga is None:
                Organisation.objects.filter(pk=detenteur.organisation_id).update(type=Organisation.Type.PARTENAIRE)
        else:
            detenteur = actions.creer_detenteur(
                territoire, nom=fiche.nom, type=fiche.type, sigle=fiche.sigle, description=fiche.description,
                commune=commune, source=fiche.source, fictif=True, auteur=equipe,
            )
        for code, (principale, source, precision) in fiche.competences.items():
            actions.ajouter_competence(detenteur, competences[code], source=source, principale=principale,
                                       precision=precision, auteur=equipe)
        for o in fiche.offres:
            liees = [competences[c] for c in o.competences]
            if o.nature == "equipement":
                actions.ajouter_equipement(detenteur, nom=o.nom, description=o.description, competences=liees,
                                           source=o.source, auteur=equipe)
            else:
                actions.ajouter_service(detenteur, type=o.type, nom=o.nom, description=o.description, competences=liees,
                                        source=o.source, auteur=equipe)
        par_cle[fiche.cle] = detenteur
    return par_cle


def _entreprises_par_filiere(territoire) -> dict[str, list[Organisation]]:
    resultat: dict[str, list[Organisation]] = {}
    for o in (Organisation.objects.du_territoire(territoire).entreprises().filter(fictif=True, etablissement__filiere__isnull=False)
              .select_related("etablissement__filiere").order_by("pk")):
        resultat.setdefault(o.etablissement.filiere.code, []).append(o)
    return resultat


def _choisir(rng, par_filiere, code, pris: set) -> Organisation | None:
    candidats = [o for o in par_filiere.get(code, []) if o.pk not in pris] or [
        o for liste in par_filiere.values() for o in liste if o.pk not in pris
    ]
    if not candidats:
        return None
    o = rng.choice(candidats)
    pris.add(o.pk)
    return o


def _besoins(territoire, d, rng, par_filiere, holders, equipe, aujourdhui) -> tuple[BesoinInnovation | None, list]:
    pris: set[int] = set()
    vitrine = d["besoin_vitrine"]
    compte = Adhesion.objects.filter(territoire=territoire, role="entreprise", utilisateur__username="demo-entreprise",
                                     organisation__isnull=False).select_related("organisation", "utilisateur").first()
    firme = compte.organisation if compte else _choisir(rng, par_filiere, vitrine["filiere"], pris)
    besoin_vitrine = None
    if firme is not None:
        pris.add(firme.pk)
        demande = guichet.deposer_demande(
            territoire, sujet=Sujet.objects.get(code="innovation"), description=vitrine["texte"], organisation=firme,
            origine=Demande.Origine.COMPTE, par=compte.utilisateur if compte else None,
            maintenant=_moment(aujourdhui - timedelta(days=2)),
        )
        Demande.objects.filter(pk=demande.pk).update(fictif=True)
        demande.fictif = True
        besoin_vitrine = actions.besoin_depuis_demande(demande)
        BesoinInnovation.objects.filter(pk=besoin_vitrine.pk).update(titre=vitrine["titre"])
    besoins = []
    for i, b in enumerate(d["besoins"]):
        firme = _choisir(rng, par_filiere, b["filiere"], pris)
        if firme is None:
            besoins.append(None)
            continue
        jour = aujourdhui - timedelta(days=40 + 45 * i)
        besoin = actions.deposer_besoin(
            territoire, firme, titre=b["titre"], texte=b["texte"], origine=rng.choice(["visite", "equipe", "compte"]),
            urgence=b["urgence"], budget=b["budget"], confidentiel=rng.random() < 0.7, par=equipe,
            maintenant=_moment(jour), fictif=True,
        )
        besoins.append(besoin)
        if b.get("mise_en_relation"):
            cible = holders[b["mise_en_relation"]]
            propositions = {p.detenteur.pk: p for p in proposer(territoire, besoin.texte, entreprise=firme, n=10)}
            mise = actions.mettre_en_relation(
                besoin, cible, responsable=equipe, message="Mise en relation proposée par l'équipe (démonstration).",
                echeance=jour + timedelta(days=21), proposition=propositions.get(cible.pk), methode="bm25", par=equipe,
                maintenant=_moment(jour + timedelta(days=3)),
            )
            if b.get("issue") and b["issue"] != "en_attente":
                actions.noter_issue(mise, b["issue"], "Issue notée par l'équipe (démonstration).", par=equipe)
    return besoin_vitrine, besoins


def _financeur(nom: str) -> Organisation:
    orga = Organisation.objects.filter(nom=nom).order_by("fictif", "pk").first()
    return orga or Organisation.objects.create(nom=nom, type=Organisation.Type.COLLECTIVITE)


def _projets(territoire, d, besoins, holders, par_filiere, rng, equipe, aujourdhui) -> int:
    from territoire.programme.models import Axe, FicheAction
    from territoire.programme.queries import programme_courant

    programme = programme_courant(territoire)
    pris: set[int] = set()
    for p in d["projets"]:
        besoin = besoins[p["besoin"]] if p["besoin"] is not None and besoins[p["besoin"]] is not None else None
        firmes = [besoin.organisation] if besoin else [o for o in [_choisir(rng, par_filiere, "mecanique", pris)] if o]
        axe = Axe.objects.filter(programme=programme, code=p["axe"]).first() if programme else None
        fiches = list(FicheAction.objects.filter(programme=programme, numero__in=p["fiches"])) if programme else []
        debut = aujourdhui - timedelta(days=rng.randint(120, 500))
        projet = actions.creer_projet(
            territoire, titre=p["titre"], description="Projet fictif de la démonstration.", etape=p["etape"], axe=axe,
            entreprises=firmes, detenteurs=[holders[c] for c in p["detenteurs"]], fiches=fiches, besoin=besoin,
            debut=debut, fin=debut + timedelta(days=720), confidentiel=rng.random() < 0.5, par=equipe, fictif=True,
        )
        for annee, nature, type_, montant, libelle in p["budget"]:
            actions.ajouter_ligne_budget(projet, annee=annee, nature=nature, type=type_, montant=montant, libelle=libelle,
                                         par=equipe, illustratif=True)
        for financeur, type_financement, dispositif, montant, etape in p["cofinancements"]:
            actions.ajouter_cofinancement(projet, financeur=_financeur(financeur), montant=montant, etape=etape,
                                          type_financement=type_financement, dispositif=dispositif, par=equipe,
                                          illustratif=True)
        for libelle, decalage, atteint in p["jalons"]:
            jalon = actions.ajouter_jalon(projet, libelle=libelle, echeance=aujourdhui + timedelta(days=decalage), par=equipe)
            if atteint:
                actions.marquer_jalon_atteint(jalon, le=min(jalon.echeance, aujourdhui - timedelta(days=5)), par=equipe)
        for type_, description, emplois in p["resultats"]:
            actions.ajouter_resultat(projet, type=type_, description=description, emplois=emplois, par=equipe,
                                     source="Démonstration (fictif)")
        if besoin is not None:
            for mise in besoin.mises_en_relation.all():
                if mise.issue == "projet":
                    mise.projet = projet
                    mise.save(update_fields=["projet"])
    return len(d["projets"])


def _diagnostics(territoire, d, rng, par_filiere, questionnaire, equipe, aujourdhui) -> int:
    dimensions = list(questionnaire.dimensions.all())
    n = 0
    for code in d["diagnostics"]["filieres"]:
        niveau = NIVEAUX_FILIERES.get(code, 2)
        firmes = par_filiere.get(code, [])[: d["diagnostics"]["par_filiere"]]
        for rang, firme in enumerate(firmes):
            vitrine = code == d["diagnostics"]["vitrine_filiere"] and rang == 0
            dates = [aujourdhui - timedelta(days=430), aujourdhui - timedelta(days=6)] if vitrine else [
                aujourdhui - timedelta(days=rng.randint(20, 330))]
            for k, jour in enumerate(dates):
                scores = {}
                for dim in dimensions:
                    # Some answers are missing (never 0), outside the filière shown at the visit.
                    if code != d["diagnostics"]["vitrine_filiere"] and rng.random() < 0.1:
                        scores[dim.code] = (None, "")
                        continue
                    s = max(0, min(5, niveau + rng.choice((-1, 0, 0, 1)) + (k if vitrine else 0)))
                    scores[dim.code] = (s, "Observé lors de la visite (démonstration).")
                interaction = reseau.enregistrer_interaction(
                    territoire, firme, type=Interaction.Type.VISITE, date=jour,
                    objet="Visite : diagnostic industrie du futur", notes="Diagnostic fait pendant la visite (démonstration).",
                    auteur=equipe,
                )
                actions.enregistrer_diagnostic(territoire, firme, questionnaire, date=jour, mode="visite", reponses=scores,
                                               interaction=interaction, par=equipe, fictif=True)
                n += 1
    return n


def _technopole(territoire, d, holders, equipe) -> int:
    technopole = holders["technopole-porte-nord"]
    cellules = {}
    for c in d["cellules"]:
        cellules[c["nom"]] = actions.ouvrir_cellule(
            technopole, nom=c["nom"], batiment=c["batiment"], type=c["type"], surface_m2=c["surface_m2"],
            ouverte_le=date.fromisoformat(c["ouverte_le"]), fictif=True, par=equipe,
        )
    communes = {c.code_insee: c for c in Commune.objects.filter(code_insee__in=[h.get("destination_commune", "") for h in d["hebergements"]])}
    for h in d["hebergements"]:
        if h.get("detenteur"):
            entreprise = holders[h["detenteur"]].organisation
        else:
            entreprise = reseau.creer_organisation_entreprise(territoire, nom=h["nom"], fictif=True, auteur=equipe)
        hebergement = actions.heberger(
            technopole, entreprise, debut=date.fromisoformat(h["debut"]), secteur=h["secteur"],
            cellules=[cellules[c] for c in h["cellules"]], emplois=h.get("emplois"),
            emplois_source="Déclaré par l'entreprise (démonstration)", fictif=True, par=equipe,
        )
        if h.get("fin"):
            actions.noter_depart(hebergement, fin=date.fromisoformat(h["fin"]), destination=h.get("destination", ""),
                                 destination_commune=communes.get(h.get("destination_commune", "")),
                                 reste_sur_le_territoire=h.get("reste"), par=equipe)
    _offre_dans_attirer(territoire, technopole, list(cellules.values()), equipe)
    return len(d["hebergements"])


def _offre_dans_attirer(territoire, technopole, cellules, equipe) -> None:
    """The first unit free today is offered to newcomers as premises of Attirer (illustrative)."""
    from territoire.attractivite.actions.locaux import enregistrer_local
    from territoire.attractivite.models import Local

    aujourdhui = timezone.localdate()
    occupees = set(Hebergement.objects.filter(technopole=technopole, debut__lte=aujourdhui)
                   .exclude(fin__lte=aujourdhui).values_list("cellules", flat=True))
    libre = next((c for c in cellules if c.pk not in occupees), None)
    if libre is None or technopole.commune is None:
        return
    local = enregistrer_local(Local(
        territoire=territoire, nom=f"{libre.get_type_display()} de {libre.surface_m2:.0f} m² au {technopole.nom} (illustratif)",
        type=Local.Type.BUREAUX if libre.type == "bureau" else Local.Type.ATELIER, transaction=Local.Transaction.LOCATION,
        commune=technopole.commune, surface_m2=int(libre.surface_m2), proprietaire=technopole.organisation, public=True,
        illustratif=True, description="Cellule libre du Technopôle, proposée aux entreprises innovantes (démonstration).",
    ), auteur=equipe)
    actions.lier_local(libre, local, par=equipe)


def construire(territoire, stdout) -> None:
    d = donnees()
    rng = random.Random(d["graine"])
    aujourdhui = timezone.localdate()
    installer_sujets(Sujet)
    installer_vocabulaire()
    questionnaire = installer_questionnaire()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        get_connection()
        _effacer_precedent(territoire, d)
        equipe, _ = get_user_model().objects.get_or_create(username="demo-equipe")
        holders = _detenteurs(territoire, d, equipe)
        hebergees = _technopole(territoire, d, holders, equipe)
        par_filiere = _entreprises_par_filiere(territoire)
        vitrine, besoins = _besoins(territoire, d, rng, par_filiere, holders, equipe, aujourdhui)
        projets = _projets(territoire, d, besoins, holders, par_filiere, rng, equipe, aujourdhui)
        diagnostics = _diagnostics(territoire, d, rng, par_filiere, questionnaire, equipe, aujourdhui)
        renouveler_version()
    stdout.write(
        f"Innover : {len(holders)} détenteurs de compétences ({len(d['rnsr'])} structures réelles du RNSR), "
        f"{sum(1 for b in besoins if b) + bool(vitrine)} besoins, {projets} projets, {diagnostics} diagnostics, "
        f"{hebergees} entreprises hébergées au Technopôle (fictives)."
    )
