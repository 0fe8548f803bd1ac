"""The demo territory's Recruter axis: 55 industrial trainings, needs, offers, the Campus.

`construire(territoire, stdout)` runs after the network builder. It reads
territoire/recrutement/data/demo_recrutement.json: the territory's institutions (those
marked `reel` exist — only their name and commune are used; the others are illustrative)
and the courses, all illustrative and marked fictitious on every page. The classification
in force (data) decides what is industrial: the demo's catalogue counts the seed's 55.
Needs and offers belong to the demo's fictitious firms. Deterministic; rebuilding deletes
the previous demo data of this axis first.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from territoire.recrutement import actions
from territoire.recrutement.models import (
    ActionCampus,
    ActionFormation,
    BesoinRecrutement,
    Campus,
    Formation,
    FormationRome,
    MembreCampus,
    MetierRome,
    OffreEmploi,
    SessionFormation,
)
from territoire.recrutement.referentiels import charger_referentiels_demo

DONNEES = Path(__file__).resolve().parent.parent / "recrutement" / "data" / "demo_recrutement.json"
GRAINE = 14


def effacer(territoire) -> None:
    """What this builder made on the demo territory (the demo command calls it before a rebuild)."""
    _effacer_precedent(territoire)


def _effacer_precedent(territoire) -> None:
    from territoire.reseau.models import Organisation

    Campus.objects.filter(territoire=territoire, fictif=True).delete()
    BesoinRecrutement.objects.filter(territoire=territoire, fictif=True).delete()
    OffreEmploi.objects.filter(territoire=territoire, source=OffreEmploi.Source.DEMO).delete()
    Formation.objects.filter(territoire=territoire, source=Formation.Source.DEMO).delete()
    Organisation.objects.filter(territoires=territoire, type="formation", description__startswith="[démo recrutement]").delete()


def _etablissements(territoire, donnees) -> dict:
    from territoire.reseau.actions import creer_organisation

    communes = {c.code_insee: c for c in territoire.communes.all()}
    orgas = {}
    for cle, e in donnees["etablissements"].items():
        note = ("Établissement réel (nom et commune) ; les formations affichées ici sont illustratives."
                if e["reel"] else "Établissement illustratif de la démonstration.")
        orgas[cle] = creer_organisation(
            territoire, nom=e["nom"], type="formation", commune=communes.get(e["commune"]),
            site_web=e.get("site_web", ""), fictif=not e["reel"], description=f"[démo recrutement] {note}",
        )
    return orgas


def _formations(territoire, donnees, orgas, rng) -> list[Formation]:
    classeur = actions.classeur_en_vigueur()
    aujourdhui = timezone.localdate()
    creees = []
    lignes = [(c, True) for c in donnees["formations_industrielles"]] + [(c, False) for c in donnees["autres_formations"]]
    for n, ((cle, intitule, romes, nsf, niveau, modalite, alternance), _) in enumerate(lignes, 1):
        orga = orgas[cle]
        champs = {"romes": ",".join(romes), "nsf": nsf, "rncp": "", "formacodes": ""}
        c = classeur.classer(actions.codes_de(champs))
        f = Formation.objects.create(
            territoire=territoire, numero=f"DEMO-{n:03d}", source=Formation.Source.DEMO, intitule=intitule,
            objectif="Formation illustrative de la démonstration : intitulé et métiers visés vraisemblables, "
                     "sessions inventées.",
            certifiante=True, nsf=nsf, romes=",".join(romes), niveau_sortie=niveau, organisme=orga,
            organisme_nom=orga.nom, fictive=True, industrielle=c.industrielle, filiere_id=c.filiere_id,
            raison_classement=c.raison,
        )
        FormationRome.objects.bulk_create([FormationRome(formation=f, rome=r) for r in romes])
        action = ActionFormation.objects.create(
            formation=f, numero=f"DEMO-{n:03d}-1", code_commune=orga.commune.code_insee if orga.commune_id else "",
            commune=orga.commune, ville=orga.commune.nom if orga.commune_id else "", lieu=orga.nom, distance_km=0,
            rythme="Alternance école-entreprise" if alternance else "Temps plein", modalite=str(modalite),
            alternance=alternance,
        )
        rentree = aujourdhui + timedelta(days=rng.randint(20, 300))
        SessionFormation.objects.create(action=action, numero=f"DEMO-{n:03d}-S1", debut=rentree,
                                        fin=rentree + timedelta(days=rng.choice([180, 300, 650])), etat="1")
        creees.append(f)
    return creees


def _besoins_et_offres(territoire, donnees, rng) -> tuple[int, int]:
    from territoire.guichet.models import Demande
    from territoire.reseau.models import Organisation

    entreprises = list(Organisation.objects.filter(territoires=territoire, type="entreprise", fictif=True)
                       .select_related("commune").order_by("pk")[:40])
    if not entreprises:
        return 0, 0
    equipe = None
    demande = Demande.objects.filter(territoire=territoire, sujet__code="recrutement").order_by("pk").first()
    aujourdhui = timezone.localdate()
    n_besoins = 0
    for i, (rome, postes, contrat, difficulte, publiable) in enumerate(donnees["besoins"]):
        orga = demande.organisation if (i == 0 and demande) else entreprises[(i * 3) % len(entreprises)]
        actions.enregistrer_besoin(
            territoire, orga, auteur=equipe, rome=rome, nombre=postes, type_contrat=contrat, difficulte=difficulte,
            publiable=publiable, date_debut=aujourdhui + timedelta(days=rng.randint(15, 120)),
            origine=BesoinRecrutement.Origine.DEMANDE if (i == 0 and demande) else BesoinRecrutement.Origine.VISITE,
            demande=demande if i == 0 else None, intitule=donnees["rome"].get(rome, ""),
        )
        n_besoins += 1
    BesoinRecrutement.objects.filter(territoire=territoire).update(fictif=True)
    offres = []
    for i, (rome, intitule, contrat, postes) in enumerate(donnees["offres"]):
        orga = entreprises[(i * 5 + 1) % len(entreprises)]
        offres.append(OffreEmploi(
            territoire=territoire, identifiant=f"DEMO{i + 1:04d}", source=OffreEmploi.Source.DEMO, intitule=intitule,
            description="Offre illustrative de la démonstration (entreprise fictive).", rome=rome,
            rome_libelle=donnees["rome"].get(rome, ""), type_contrat=contrat, type_contrat_libelle=contrat,
            nombre_postes=postes, commune=orga.commune, code_commune=orga.commune.code_insee if orga.commune_id else "",
            lieu=orga.commune.nom if orga.commune_id else "", organisation=orga, entreprise_nom=orga.nom,
            siret=orga.siret, naf=orga.naf, fictive=True,
            date_creation=timezone.now() - timedelta(days=rng.randint(0, 40)),
        ))
    OffreEmploi.objects.bulk_create(offres)
    return n_besoins, len(offres)


def _campus(territoire, orgas, formations) -> Campus:
    from territoire.programme.models import FicheAction
    from territoire.reseau.models import EvenementReseau, Organisation

    fiche = FicheAction.objects.filter(titre__icontains="campus").order_by("pk").first()
    campus = Campus.objects.create(
        territoire=territoire, nom="Campus des métiers et des qualifications de l'industrie du Béthunois (projet illustratif)",
        thematique="Industrie du futur, mécanique, électrification", fiche_action=fiche, fictif=True,
        description="Projet de Campus inscrit au plan d'action (action attendue du programme) ; membres, "
                    "formations et actions illustratifs.",
    )
    MembreCampus.objects.create(campus=campus, organisation=orgas["iut"], role=MembreCampus.Role.PORTEUR)
    for cle in ("fsa", "blaringhem", "lavoisier", "cfa"):
        MembreCampus.objects.create(campus=campus, organisation=orgas[cle], role=MembreCampus.Role.ETABLISSEMENT)
    for orga in Organisation.objects.filter(territoires=territoire, type="entreprise", fictif=True).order_by("pk")[:4]:
        MembreCampus.objects.create(campus=campus, organisation=orga, role=MembreCampus.Role.ENTREPRISE)
    campus.formations.set([f for f in formations if f.industrielle][:20])
    maintenant = timezone.now()
    job_dating = EvenementReseau.objects.create(
        territoire=territoire, titre="Job dating de l'industrie (illustratif)", type="forum",
        date=maintenant + timedelta(days=30), lieu="IUT de Béthune", description="Rencontre entre entreprises qui recrutent et candidats.",
    )
    visite = EvenementReseau.objects.create(
        territoire=territoire, titre="Visites d'entreprises pour les collégiens (illustratif)", type="visite",
        date=maintenant + timedelta(days=60), description="Découverte des métiers de l'industrie.",
    )
    ActionCampus.objects.create(campus=campus, titre="Job dating de l'industrie", statut="prevue", evenement=job_dating,
                                debut=job_dating.date.date())
    ActionCampus.objects.create(campus=campus, titre="Visites d'entreprises pour les collégiens", statut="prevue",
                                evenement=visite, debut=visite.date.date())
    return campus


def construire(territoire, stdout) -> None:
    donnees = json.loads(DONNEES.read_text(encoding="utf-8"))
    rng = random.Random(GRAINE)
    with transaction.atomic():
        _effacer_precedent(territoire)
        for code, libelle in donnees["rome"].items():
            MetierRome.objects.get_or_create(code=code, defaults={"libelle": libelle, "source": "démonstration (répertoire ROME)"})
        charger_referentiels_demo()  # real ROME labels and ROME × NAF rows (unknown codes, hiring potential)
        orgas = _etablissements(territoire, donnees)
        formations = _formations(territoire, donnees, orgas, rng)
        besoins, offres = _besoins_et_offres(territoire, donnees, rng)
        _campus(territoire, orgas, formations)
    industrielles = sum(1 for f in formations if f.industrielle)
    stdout.write(f"Recruter : {len(formations)} formations illustratives dont {industrielles} industrielles, "
                 f"{besoins} besoins de recrutement, {offres} offres d'emploi, un Campus des métiers.")
