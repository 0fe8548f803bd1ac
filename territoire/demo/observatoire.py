"""The demo territory's observatory: a fictitious history, real sourced events, visits, a watch list.

`construire(territoire, stdout)` runs after the census, programme and network builders. It:

1. draws a plausible SIRENE history for the fictitious establishments (fixed seed), written as an
   official StockEtablissementHistorique file and imported by the real importer (fictitious
   periods, marked so);
2. records the seed's real industrial events with their public sources (territoire/demo/data/
   observatoire.json): Bridgestone Béthune, ACC's gigafactory, Lenze's label, the requalification
   of the Française de Mécanique site (linked to its fiche-action); real firms appear with their
   real public facts only, no SIRET invented;
3. imports a few fictitious BODACC notices (official layout, marked fictitious in their text)
   for fictitious firms, through the real BODACC importer;
4. records fictitious visits with the survey through the platform's actions (one recent visit
   says the firm plans to leave: a signal and a routed follow-up), and the year's visit plan.

Deterministic; rebuilding removes the previous demo observatory of the territory first.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

DONNEES = Path(__file__).parent / "data" / "observatoire.json"


def _effacer_precedent(territoire) -> None:
    from territoire.observatoire.models import (
        AnnonceBodacc,
        Evenement,
        ImportBodacc,
        LabelOrganisation,
        PlanVisites,
        Signal,
    )

    Evenement.objects.filter(territoire=territoire).delete()
    Signal.objects.filter(territoire=territoire).delete()
    AnnonceBodacc.objects.filter(territoire=territoire).delete()
    ImportBodacc.objects.filter(territoire=territoire).delete()
    PlanVisites.objects.filter(territoire=territoire).delete()
    LabelOrganisation.objects.filter(organisation__territoires=territoire, organisation__fictif=False).delete()


# --- 1. the fictitious history ---------------------------------------------------------------


def _date_entre(rng: random.Random, debut: dt.date, fin: dt.date) -> dt.date:
    if fin <= debut:
        return debut
    return debut + dt.timedelta(days=rng.randrange((fin - debut).days + 1))


def libelles_naf() -> dict[str, str]:
    from territoire.etablissements.naf import libelles

    return libelles()


def periodes_fictives(etablissement: dict, rng: random.Random, aujourdhui: dt.date) -> list[dict]:
    """Plausible periods for one establishment, consistent with what the stock says of it: its
    creation, the start of its current period and its state. Newest first, as INSEE writes them."""
    creation = etablissement["date_creation"] or dt.date(1990, 1, 1)
    debut_courant = etablissement["date_debut"] or creation
    ferme = etablissement["etat"] == "F"
    naf, employeur = etablissement["naf"], etablissement["employeur"] or ("O" if ferme else "N")
    employeur_actif = "O" if ferme else employeur
    bornes = [creation]
    if debut_courant > creation:
        # Earlier changes (activity, employer) between the creation and the current period.
        for _ in range(rng.choice((0, 0, 1, 2))):
            bornes.append(_date_entre(rng, creation + dt.timedelta(days=1), debut_courant - dt.timedelta(days=1)))
        bornes.append(debut_courant)
    bornes = sorted(set(b for b in bornes if b <= aujourdhui))
    periodes = []
    for i, debut in enumerate(bornes):
        dernier = i == len(bornes) - 1
        fin = None if dernier else bornes[i + 1] - dt.timedelta(days=1)
        etat = "F" if (dernier and ferme) else "A"
        code = naf
        if not dernier and rng.random() < 0.3:
            # An earlier activity: another real NAF sub-class of the same group (25.62A → 25.62B…).
            voisins = [c for c in libelles_naf() if c[:4] == naf[:4] and c != naf]
            code = rng.choice(voisins) if voisins else naf
        periodes.append({
            "debut": debut, "fin": fin, "etat": etat, "naf": code,
            "employeur": "N" if etat == "F" else employeur_actif,
            "changement_etat": etat == "F",
        })
    return list(reversed(periodes))


def ecrire_historique(territoire, chemin: Path, rng: random.Random, aujourdhui: dt.date) -> int:
    """Write the official-layout history file of the territory's fictitious establishments."""
    from territoire.etablissements.importer.historique import ENTETE_HISTORIQUE
    from territoire.etablissements.models import Etablissement

    etablissements = (
        Etablissement.objects.filter(code_commune__in=territoire.codes_communes(), fictif=True).order_by("siret")
        .values("siret", "siren", "nic", "date_creation", "date_debut", "etat", "naf", "nomenclature_naf",
                "employeur", "enseigne")
    )
    lignes = 0
    with open(chemin, "w", encoding="utf-8", newline="") as fh:
        ecrivain = csv.writer(fh, lineterminator="\n")
        ecrivain.writerow(ENTETE_HISTORIQUE)
        for e in etablissements:
            for p in periodes_fictives(e, rng, aujourdhui):
                valeurs = {
                    "siren": e["siren"], "nic": e["nic"], "siret": e["siret"],
                    "dateFin": p["fin"].isoformat() if p["fin"] else "", "dateDebut": p["debut"].isoformat(),
                    "etatAdministratifEtablissement": p["etat"],
                    "changementEtatAdministratifEtablissement": "true" if p["changement_etat"] else "false",
                    "enseigne1Etablissement": e["enseigne"], "changementEnseigneEtablissement": "false",
                    "changementDenominationUsuelleEtablissement": "false",
                    "activitePrincipaleEtablissement": p["naf"],
                    "nomenclatureActivitePrincipaleEtablissement": e["nomenclature_naf"],
                    "changementActivitePrincipaleEtablissement": "false",
                    "caractereEmployeurEtablissement": p["employeur"],
                    "changementCaractereEmployeurEtablissement": "false",
                }
                ecrivain.writerow([valeurs.get(c, "") for c in ENTETE_HISTORIQUE])
                lignes += 1
    return lignes


# --- 2. real events ---------------------------------------------------------------------------


def _organisations_reelles(territoire, donnees) -> dict:
    from territoire.reseau.models import Organisation

    communes = {c.nom: c for c in territoire.communes.all()}
    resultat = {}
    for cle, o in donnees["organisations"].items():
        orga = Organisation.objects.filter(nom=o["nom"], fictif=False).first()
        if orga is None:
            orga = Organisation.objects.create(
                nom=o["nom"], type="entreprise", fictif=False, description=o["description"],
                commune=communes.get(o["commune"]),
            )
        orga.territoires.add(territoire)
        resultat[cle] = orga
    return resultat


def _evenements_reels(territoire, donnees, organisations, equipe) -> int:
    from territoire.etablissements.models import Filiere
    from territoire.observatoire import evenements
    from territoire.observatoire.models import Label, LabelOrganisation
    from territoire.programme.models import FicheAction

    zones = {z.nom: z for z in territoire.zones.all()}
    filieres = {f.code: f for f in Filiere.objects.all()}
    n = 0
    for e in donnees["evenements"]:
        fiches = list(FicheAction.objects.filter(programme__territoire=territoire, numero__in=e.get("fiches", [])))
        evenements.creer(
            territoire, equipe, fiches=fiches, organisation=organisations[e["organisation"]], type=e["type"],
            titre=e["titre"], description=e["description"], date=dt.date.fromisoformat(e["date"]),
            precision_date=e["precision_date"],
            date_annonce=dt.date.fromisoformat(e["date_annonce"]) if e.get("date_annonce") else None,
            zone=zones.get(e.get("zone")), filiere=filieres.get(e.get("filiere")),
            emplois_min=e.get("emplois_min"), emplois_max=e.get("emplois_max"),
            emplois_source=e.get("emplois_source", ""), source_url=e["source_url"],
            source_libelle=e["source_libelle"], visibilite="public",
        )
        n += 1
    for attribution in donnees["labels"]:
        LabelOrganisation.objects.get_or_create(
            organisation=organisations[attribution["organisation"]], label=Label.objects.get(code=attribution["label"]),
            date=dt.date.fromisoformat(attribution["date"]),
            defaults={"precision_date": attribution["precision_date"], "source_url": attribution["source_url"],
                      "source_libelle": attribution["source_libelle"]},
        )
    return n


# --- 3. fictitious BODACC notices ------------------------------------------------------------


def _annonces_fictives(territoire, donnees, rng, aujourdhui, dossier: Path) -> int:
    from territoire.etablissements import tranches
    from territoire.etablissements.models import Etablissement
    from territoire.observatoire import bodacc

    candidates = list(
        Etablissement.objects.filter(code_commune__in=territoire.codes_communes(), fictif=True, etat="A",
                                     est_industriel=True, tranche_effectifs__in=("11", "12", "21"))
        .select_related("unite_legale", "commune").order_by("siret")
    )
    if not candidates:
        return 0
    # Firms that closed an establishment of 20 employees or more since mid-2019: most went through
    # a collective procedure first (drawn at random, 6 to 14 months before the closure).
    fermees = list(
        Etablissement.objects.filter(code_commune__in=territoire.codes_communes(), fictif=True, etat="F",
                                     tranche_effectifs__in=tranches.codes_au_moins("12"),
                                     date_debut__gte=dt.date(2019, 7, 1))
        .select_related("unite_legale", "commune").order_by("siret")
    )
    avant_fermeture = [(e, e.date_debut - dt.timedelta(days=rng.randint(190, 420)))
                       for e in fermees if rng.random() < donnees["part_fermetures_precedees_d_une_procedure"]]
    natures = ["Jugement d'ouverture d'une procédure de redressement judiciaire",
               "Jugement d'ouverture d'une procédure de sauvegarde",
               "Jugement d'ouverture de liquidation judiciaire"]
    chemin = dossier / "bodacc_fictif.csv"
    colonnes = ["id", "publicationavis", "familleavis", "familleavis_lib", "numerodepartement", "tribunal",
                "commercant", "registre", "cp", "ville", "dateparution", "numeroannonce", "jugement"]
    with open(chemin, "w", encoding="utf-8", newline="") as fh:
        ecrivain = csv.DictWriter(fh, fieldnames=colonnes, delimiter=";")
        ecrivain.writeheader()
        recentes = [(e, aujourdhui - dt.timedelta(days=rng.randint(20, 400)))
                    for e in rng.sample(candidates, min(donnees["annonces_fictives"], len(candidates)))]
        for rang, (e, jugement_le) in enumerate(recentes + avant_fermeture, start=1):
            siren = e.siren
            ecrivain.writerow({
                "id": f"DEMO{rang:05d}", "publicationavis": "A", "familleavis": "collective",
                "familleavis_lib": "Procédures collectives", "numerodepartement": "62",
                "tribunal": donnees["tribunal_fictif"], "commercant": e.nom_affiche(public=False),
                "registre": f"{siren[:3]} {siren[3:6]} {siren[6:]},{siren}", "cp": e.code_postal,
                "ville": e.commune.nom if e.commune_id else "",
                "dateparution": (jugement_le + dt.timedelta(days=9)).isoformat(), "numeroannonce": str(9000 + rang),
                "jugement": json.dumps({
                    "type": "initial", "famille": "Jugement d'ouverture",
                    "nature": natures[2] if e.etat == "F" else rng.choice(natures),
                    "date": jugement_le.isoformat(),
                    "complementJugement": "Annonce fictive de la démonstration (entreprise fictive).",
                }, ensure_ascii=False),
            })
    return bodacc.importer(territoire, chemin, lance_par="territoire demo").annonces


# --- 4. visits and the plan ------------------------------------------------------------------


def _reponses(rng: random.Random, depart: bool = False) -> dict:
    def tirage(poids: dict) -> str:
        return rng.choices(list(poids), weights=list(poids.values()))[0]

    return {
        "tendance_activite": tirage({"hausse": 35, "stable": 45, "baisse": 20}),
        "effectifs_projet": tirage({"hausse": 38, "stable": 55, "baisse": 7}),
        "investissement_projet": tirage({"oui": 45, "non": 55}),
        "besoins_locaux": tirage({"adaptes": 78, "trop_petits": 18, "trop_grands": 4}),
        "difficultes_recrutement": tirage({"aucune": 20, "quelques": 45, "fortes": 35}),
        "projet_innovation": tirage({"oui": 30, "non": 70}),
        "changement_actionnariat": tirage({"non": 90, "succession": 7, "cession": 3}),
        "satisfaction_territoire": tirage({"5": 20, "4": 45, "3": 25, "2": 8, "1": 2}),
        "risque_depart": "oui" if depart else tirage({"non": 97, "oui": 3}),
    }


def _visites(territoire, donnees, rng, aujourdhui, equipe) -> int:
    from territoire.observatoire import visites
    from territoire.reseau.models import Organisation

    orgas = list(
        Organisation.objects.du_territoire(territoire).entreprises().filter(fictif=True, etablissement__isnull=False)
        .select_related("unite_legale", "etablissement", "commune").order_by("pk")
    )
    if not orgas:
        return 0
    choisies = rng.sample(orgas, min(donnees["visites"], len(orgas)))
    for i, orga in enumerate(choisies):
        # The most recent visit of the demo: the firm says it plans to leave the territory.
        depart = i == 0
        jour = aujourdhui - dt.timedelta(days=3 if depart else rng.randint(5, 700))
        visites.enregistrer_visite(
            territoire, orga, date=jour, reponses=_reponses(rng, depart), auteur=equipe, fictif=True,
            objet="Visite d'entreprise (questionnaire de suivi)",
        )
    plan = visites.plan_de(territoire, aujourdhui.year)
    for suggestion in visites.suggestions(territoire, aujourdhui)[:15]:
        visites.ajouter_au_plan(plan, Organisation.objects.get(pk=suggestion.organisation_id),
                                "; ".join(suggestion.raisons), equipe)
    return len(choisies)


def construire(territoire, stdout) -> None:
    from territoire.etablissements.importer.historique import importer_historique
    from territoire.observatoire.donnees_defaut import installer_tout

    donnees = json.loads(DONNEES.read_text(encoding="utf-8"))
    rng = random.Random(donnees["graine"])
    aujourdhui = timezone.localdate()
    import territoire.observatoire.models as modeles

    installer_tout(modeles)
    equipe, _ = get_user_model().objects.get_or_create(username="demo-equipe")
    with tempfile.TemporaryDirectory(prefix="territoire-demo-observatoire-") as dossier, \
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        get_connection()
        _effacer_precedent(territoire)
        chemin = Path(dossier) / "StockEtablissementHistorique_demo.csv"
        lignes = ecrire_historique(territoire, chemin, rng, aujourdhui)
        run = importer_historique(territoire, chemin, fictif=True, lance_par="territoire demo")
        organisations = _organisations_reelles(territoire, donnees)
        reels = _evenements_reels(territoire, donnees, organisations, equipe)
        annonces = _annonces_fictives(territoire, donnees, rng, aujourdhui, Path(dossier))
        nombre_visites = _visites(territoire, donnees, rng, aujourdhui, equipe)
    stdout.write(
        f"Observatoire : historique fictif de {run.etablissements} établissements ({lignes} périodes), séries "
        f"depuis janvier 2019 ; {reels} événements réels sourcés ; {annonces} annonces BODACC fictives ; "
        f"{nombre_visites} visites fictives avec le questionnaire."
    )
