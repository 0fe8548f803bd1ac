"""The demo territory's consultation: the seed's 2019 consultation, rebuilt as data.

`construire(territoire, stdout)` runs after the census, network and programme builders.
It reads territoire/concertation/data/demo.json (meetings of 2019, the recurring findings,
words to find the fiches-actions that answer them) and the labelled corpus of contributions;
the participating firms are Organisations linked to fictitious demo establishments (created
from the census when the network demo has not). Deterministic (seeded); every write goes
through territoire.concertation.actions. Rebuilding deletes the previous demo consultation.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from itertools import cycle
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from territoire.comptes.models import Adhesion
from territoire.concertation import actions
from territoire.concertation.models import Consultation, Contribution, Reunion, Theme
from territoire.concertation.suggestion import lire_corpus
from territoire.concertation.themes_defaut import installer_themes
from territoire.etablissements.models import Etablissement
from territoire.reseau.models import Organisation

DONNEES = Path(__file__).resolve().parents[1] / "concertation" / "data" / "demo.json"
ENTREPRISES_VISEES = 62
MOTS_ORGANISATEURS = {
    "Région": "région", "France Travail": "france travail", "Technopôle": "technopôle",
    "Université": "universit", "CCI": "cci", "Bpifrance": "bpifrance", "État": "état",
}


def _entreprises(territoire, rng) -> list[Organisation]:
    """Firms of the demo census, as Organisations (reusing the network demo's when there are some)."""
    existantes = list(
        Organisation.objects.filter(
            territoires=territoire, type=Organisation.Type.ENTREPRISE, etablissement__est_industriel=True
        ).order_by("pk")
    )
    if len(existantes) < ENTREPRISES_VISEES:
        deja = {o.etablissement_id for o in existantes}
        etabs = (
            Etablissement.objects.filter(commune__territoires=territoire, etat="A", est_industriel=True, fictif=True)
            .exclude(pk__in=deja).exclude(tranche_effectifs__in=["", "NN", "00"])
            .select_related("unite_legale").order_by("siret")
        )
        for e in etabs[: ENTREPRISES_VISEES - len(existantes)]:
            org = Organisation(nom=e.nom_affiche(public=False)[:250], type=Organisation.Type.ENTREPRISE,
                               etablissement=e, unite_legale=e.unite_legale, siret=e.siret, fictif=True)
            org.copier_profil_sirene()
            org.save()
            org.territoires.add(territoire)
            existantes.append(org)
    rng.shuffle(existantes)
    return existantes[:ENTREPRISES_VISEES]


def _organisateurs(territoire) -> dict[str, Organisation | None]:
    partenaires = list(Organisation.objects.filter(territoires=territoire).exclude(type=Organisation.Type.ENTREPRISE).order_by("nom"))
    trouves = {}
    for cle, mot in MOTS_ORGANISATEURS.items():
        trouves[cle] = next((p for p in partenaires if mot in p.nom.lower()), None)
    return trouves


def _fiches(territoire, auteur, donnees):
    """The programme demo's fiches 2019–2022, or the seed's four named ones when it has none."""
    from territoire.programme import actions as programme_actions
    from territoire.programme.models import FicheAction, Programme, StatutFiche

    programme = Programme.objects.filter(territoire=territoire, code="2019-2022").first()
    if programme is None or not programme.fiches.exists():
        programme = programme_actions.creer_programme(
            territoire, code="2019-2022", nom="Plan d'action 2019-2022", debut=dt.date(2019, 1, 1),
            fin=dt.date(2022, 12, 31), axes_nationaux="2019-2022", actif=False,
        )
        statut = StatutFiche.objects.get(territoire=territoire, code="en-cours")
        for numero, titre, axe in donnees["fiches_de_secours"]:
            fiche = programme_actions.creer_fiche(
                programme, auteur, numero=numero, titre=titre, statut=statut, date_statut=dt.date(2020, 1, 15),
                description="Fiche de démonstration issue du document de départ.",
                axes=list(programme.axes.filter(code=axe)),
            )
            programme_actions.publier_fiche(fiche, auteur)
    return programme, list(FicheAction.objects.filter(programme=programme).select_related("programme").order_by("numero"))


def _effacer_precedente(territoire, titre: str) -> None:
    """The previous demo consultation and the history entries of its contributions and findings."""
    from django.contrib.contenttypes.models import ContentType

    from territoire.concertation.models import Constat
    from territoire.reseau.models import Historique

    precedentes = Consultation.objects.filter(territoire=territoire, titre=titre)
    for modele, ids in (
        (Contribution, Contribution.objects.filter(reunion__consultation__in=precedentes).values("pk")),
        (Constat, Constat.objects.filter(consultation__in=precedentes).values("pk")),
    ):
        Historique.objects.filter(content_type=ContentType.objects.get_for_model(modele), object_id__in=ids).delete()
    # The network demo may already have deleted the firms (and, with them, their contributions).
    Historique.objects.filter(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_id__in=Historique.objects.filter(content_type=ContentType.objects.get_for_model(Contribution))
        .exclude(object_id__in=Contribution.objects.values("pk")).values("object_id"),
    ).delete()
    precedentes.delete()


@transaction.atomic
def construire(territoire, stdout) -> None:
    donnees = json.loads(DONNEES.read_text(encoding="utf-8"))
    rng = random.Random(donnees["graine"])
    c = donnees["consultation"]
    _effacer_precedente(territoire, c["titre"])
    auteur, _ = get_user_model().objects.get_or_create(username="demo-equipe")
    programme, fiches = _fiches(territoire, auteur, donnees)
    consultation = actions.creer_consultation(
        territoire, titre=c["titre"], debut=dt.date.fromisoformat(c["debut"]), fin=dt.date.fromisoformat(c["fin"]),
        description=c["description"], programme=programme,
    )
    installer_themes(Theme)
    themes = {t.code: t for t in Theme.objects.all()}
    textes = defaultdict(list)
    for texte, codes in lire_corpus():
        textes[codes[0]].append(texte)
    for liste in textes.values():
        rng.shuffle(liste)
    reserves = {code: cycle(liste) for code, liste in textes.items()}

    def contribuer(reunion, org, code):
        codes = {code, donnees["axes"].get(code, code)}
        return actions.enregistrer_contribution(
            reunion, organisation=org, texte=next(reserves[code]), themes=[themes[x] for x in codes if x in themes],
            auteur=auteur,
        )

    entreprises = _entreprises(territoire, rng)
    compte_entreprise = Adhesion.objects.filter(
        territoire=territoire, role="entreprise", organisation__isnull=False, utilisateur__username="demo-entreprise"
    ).select_related("organisation").first()
    firme_demo = compte_entreprise.organisation if compte_entreprise else None
    organisateurs = _organisateurs(territoire)
    codes_themes = [code for code in textes]
    reunions = []
    for i, (date, titre, code, lieu, organisateur) in enumerate(donnees["reunions"]):
        reunion = actions.creer_reunion(
            consultation, titre=titre, date=dt.date.fromisoformat(date), type=Reunion.Type.COLLECTIVE, lieu=lieu,
            theme=themes.get(code), organisateur=organisateurs.get(organisateur),
            ordre_du_jour="Tour de table des entreprises ; constats et attentes ; pistes d'action pour le plan 2019-2022.",
        )
        reunions.append(reunion)
        invites = rng.sample(entreprises, rng.randint(9, 15))
        if firme_demo is not None and i in (1, 4) and firme_demo not in invites:
            invites.append(firme_demo)
        presents = []
        for org in invites:
            presence = rng.choices(["present", "absent", "excuse"], weights=[84, 8, 8])[0]
            actions.ajouter_participant(reunion, organisation=org, presence=presence)
            if presence == "present":
                presents.append(org)
        if reunion.organisateur:
            actions.ajouter_participant(reunion, organisation=reunion.organisateur)
        if firme_demo in presents:
            contribuer(reunion, firme_demo, code)
        for org in rng.sample(presents, min(len(presents), rng.randint(4, 7))):
            contribuer(reunion, org, code if rng.random() < 0.75 else rng.choice(codes_themes))
    # Individual interviews with firm heads: confidential by default.
    for k in range(donnees["entretiens"]):
        org = firme_demo if (k == 0 and firme_demo) else entreprises[(7 * k) % len(entreprises)]
        date = dt.date(2019, 4, 1) + dt.timedelta(days=16 * k + rng.randint(0, 6))
        reunion = actions.creer_reunion(
            consultation, titre=f"Entretien individuel avec le dirigeant de {org.nom}", date=date,
            type=Reunion.Type.INDIVIDUELLE, lieu="Dans l'entreprise",
        )
        for code in rng.sample(codes_themes, 2):
            contribuer(reunion, org, code)
    # The recurring findings, each supported by the contributions of its theme, and their answers.
    nb_reponses = 0
    for definition in donnees["constats"]:
        theme = themes[definition["theme"]]
        constat = actions.creer_constat(
            consultation, titre=definition["titre"], description=definition["description"], themes=[theme],
            contributions=Contribution.objects.filter(reunion__consultation=consultation, themes=theme),
        )
        repondantes = [f for f in fiches if any(m in f.titre.lower() for m in definition["mots_fiches"])][:2]
        for rang, fiche in enumerate(repondantes):
            actions.repondre_constat(
                constat, fiche, type="directe" if rang == 0 else "partielle", auteur=auteur,
                commentaire=f"Réponse au constat « {definition['titre']} » entendu pendant la concertation de 2019.",
            )
            nb_reponses += 1
    n_contrib = Contribution.objects.filter(reunion__consultation=consultation).count()
    # Counted as the consultation's page counts them (every firm that took part, the demo
    # firm and the organisers included), so that both say the same number.
    from territoire.concertation.chiffres import entreprises_participantes

    n_entreprises = entreprises_participantes(territoire).filter(
        participations_concertation__reunion__consultation=consultation
    ).distinct().count()
    stdout.write(
        f"Concertation : {len(reunions)} réunions collectives, {donnees['entretiens']} entretiens individuels, "
        f"{n_entreprises} entreprises participantes, {n_contrib} contributions, {len(donnees['constats'])} constats "
        f"reliés à {nb_reponses} fiches-actions."
    )
