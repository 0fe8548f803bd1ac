"""The demo territory's network and desk: partners, directory, firms, two years of history.

`construire(territoire, stdout)` runs after the census builder. It reads
territoire/demo/data/reseau.json (partners of the seed's territory, the aid catalogue,
event titles, fictitious names) and the demo census: every firm is an Organisation linked
to a fictitious demo establishment. Everything is deterministic (seeded) and every write
goes through the same actions as the platform (deposer_demande, orienter_demande…).
Rebuilding deletes the previous demo network of the territory first.
"""

from __future__ import annotations

import json
import math
import random
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from territoire.comptes.models import Adhesion
from territoire.etablissements import tranches
from territoire.etablissements.models import Etablissement, Filiere
from territoire.guichet import actions as guichet
from territoire.guichet import calendrier
from territoire.guichet.models import Antenne, Conseiller, Demande, Dispositif, Institution, Sujet
from territoire.guichet.sujets_defaut import installer_sujets
from territoire.reseau import actions as reseau
from territoire.reseau.models import Contact, EvenementReseau, Historique, Interaction, Organisation

DONNEES = Path(__file__).parent / "data" / "reseau.json"
JOURS = 730  # two years of history
COMPTES_DEMO = ("demo-equipe", "demo-conseiller", "demo-entreprise")


def _zones_de_couverture(communes) -> dict[str, list]:
    """'toutes', 'ouest' / 'est' (split at the median longitude), 'centre' (the closest third)."""
    avec_position = [c for c in communes if c.longitude is not None]
    tri = sorted(avec_position, key=lambda c: c.longitude)
    moitie = len(tri) // 2
    lon = sum(c.longitude for c in tri) / max(1, len(tri))
    lat = sum(c.latitude for c in tri) / max(1, len(tri))
    centre = sorted(tri, key=lambda c: math.hypot(c.longitude - lon, c.latitude - lat))[: max(1, len(tri) // 3)]
    return {"toutes": list(communes), "ouest": tri[:moitie], "est": tri[moitie:], "centre": centre}


def _effacer_precedent(territoire) -> None:
    demandes = Demande.objects.filter(territoire=territoire)
    Historique.objects.filter(content_type__app_label="guichet", object_id__in=demandes.values("pk")).delete()
    demandes.delete()
    Interaction.objects.filter(territoire=territoire).delete()
    EvenementReseau.objects.filter(territoire=territoire).delete()
    Conseiller.objects.filter(antenne__institution__territoire=territoire).delete()
    Antenne.objects.filter(institution__territoire=territoire).delete()
    Institution.objects.filter(territoire=territoire).delete()
    fictives = Organisation.objects.filter(territoires=territoire, fictif=True)
    Contact.objects.filter(organisation__in=fictives).delete()
    Dispositif.objects.filter(financeur__in=fictives).delete()
    Historique.objects.filter(content_type__app_label="reseau", content_type__model="organisation",
                              object_id__in=fictives.values("pk")).delete()
    Adhesion.objects.filter(territoire=territoire, organisation__in=fictives).update(organisation=None)
    fictives.delete()


def _partenaires(territoire, donnees, rng, communes) -> dict[str, Organisation]:
    zones = _zones_de_couverture(communes)
    organisations = {}
    for inst in donnees["institutions"]:
        orga = Organisation.objects.create(nom=inst["nom"], type=inst["type"], fictif=True,
                                           description="Partenaire du programme (antennes et conseillers fictifs).")
        orga.territoires.add(territoire)
        organisations[inst["nom"]] = orga
        institution = Institution.objects.create(territoire=territoire, organisation=orga, nom=inst["nom"])
        for ant in inst["antennes"]:
            orga_antenne = Organisation.objects.create(nom=f"{inst['nom']} — {ant['nom']}", type=inst["type"], fictif=True)
            orga_antenne.territoires.add(territoire)
            antenne = Antenne.objects.create(institution=institution, nom=ant["nom"], organisation=orga_antenne)
            for c in ant["conseillers"]:
                identifiant = f"{c['prenom']}.{c['nom']}".lower().replace("é", "e").replace("É", "e")
                conseiller = Conseiller.objects.create(
                    antenne=antenne, prenom=c["prenom"], nom=c["nom"], courriel=f"{identifiant}@demo.invalid",
                    naf_prefixes=c.get("naf", ""), tranche_min=c.get("tranche_min", ""),
                )
                conseiller.sujets.set(Sujet.objects.filter(code__in=c["sujets"]))
                conseiller.communes.set(zones[c["couverture"]])
    return organisations


def _entreprises(territoire, rng) -> list[Organisation]:
    services = set(Filiere.objects.filter(famille=Filiere.Famille.SERVICE, actif=True).values_list("pk", flat=True))
    etabs = (
        Etablissement.objects.filter(commune__territoires=territoire, etat="A", fictif=True,
                                     tranche_effectifs__in=tranches.codes_au_moins("11"))
        .select_related("unite_legale").order_by("siret")
    )
    retenus = [e for e in etabs if e.est_industriel or e.filiere_id in services]
    orgas = []
    for e in retenus:
        orga = Organisation(nom=e.nom_affiche(public=False), type=Organisation.Type.ENTREPRISE, etablissement=e, fictif=True)
        orga.copier_profil_sirene()
        orgas.append(orga)
    Organisation.objects.bulk_create(orgas, batch_size=500)
    Organisation.territoires.through.objects.bulk_create(
        [Organisation.territoires.through(organisation_id=o.pk, territoire_id=territoire.pk) for o in orgas], batch_size=500
    )
    return orgas


def _contacts(orgas, donnees, rng) -> dict[int, list[Contact]]:
    contacts = []
    for o in orgas:
        for _ in range(rng.choice((1, 1, 2))):
            prenom, nom = rng.choice(donnees["prenoms"]), rng.choice(donnees["noms"])
            contacts.append(Contact(
                organisation=o, prenom=prenom, nom=nom, fonction=rng.choice(donnees["fonctions"]),
                email=f"{prenom}.{nom}@entreprise-{o.pk}.demo.invalid".lower(), base_legale=Contact.BaseLegale.INTERET_LEGITIME,
            ))
    Contact.objects.bulk_create(contacts, batch_size=500)
    par_orga: dict[int, list[Contact]] = {}
    for c in contacts:
        par_orga.setdefault(c.organisation_id, []).append(c)
    return par_orga


def _instant(jour, rng) -> datetime:
    return timezone.make_aware(datetime.combine(jour, time(rng.randint(8, 17), rng.choice((0, 15, 30, 45)))))


def _interactions(territoire, orgas, contacts, donnees, rng, equipe, aujourdhui) -> None:
    for o in orgas:
        if rng.random() < 0.22:
            continue  # a fifth of the firms nobody met: the portfolio page shows them
        recent = rng.random() < 0.75
        for _ in range(rng.randint(1, 4)):
            age = rng.randint(0, 360) if recent else rng.randint(380, JOURS)
            type_ = rng.choice(("visite", "appel", "appel", "reunion", "courriel"))
            jour = aujourdhui - timedelta(days=age)
            suivi = None
            if rng.random() < 0.3:
                echeance = jour + timedelta(days=rng.randint(7, 30))
                suivi = {"action": rng.choice(donnees["suites"]), "echeance": echeance, "responsable": equipe}
            i = reseau.enregistrer_interaction(
                territoire, o, type=type_, date=jour, objet=rng.choice(donnees["objets_interactions"][type_]),
                contacts=contacts.get(o.pk, [])[:1], auteur=equipe, suivi=suivi,
            )
            if suivi and suivi["echeance"] < aujourdhui and rng.random() < 0.7:
                i.suivis.update(fait_le=_instant(suivi["echeance"], rng))


def _evenements(territoire, orgas, contacts, donnees, rng, aujourdhui) -> None:
    debut = aujourdhui - timedelta(days=JOURS)
    for ev in donnees["evenements"]:
        jour = debut + timedelta(days=ev["mois"] * 30)
        evenement = EvenementReseau.objects.create(
            territoire=territoire, titre=ev["titre"], type=ev["type"], date=_instant(jour, rng),
            description="Événement de démonstration.",
            compte_rendu="Présentation des dispositifs du territoire ; suites notées par entreprise." if jour < aujourdhui else "",
        )
        for o in rng.sample(orgas, min(len(orgas), rng.randint(8, 25))):
            inscription = reseau.inscrire(evenement, o, (contacts.get(o.pk) or [None])[0])
            if jour < aujourdhui:
                presence = rng.choices(("present", "absent", "excuse"), weights=(75, 15, 10))[0]
                suite = rng.choice(["", "", "Souhaite un rendez-vous", "Intéressée par l'apprentissage"])
                reseau.noter_presence(inscription, presence, suite)


def _dispositifs(territoire, donnees, partenaires) -> list[Dispositif]:
    liste = []
    for d in donnees["dispositifs"]:
        dispositif = Dispositif.objects.create(
            nom=d["nom"], financeur=partenaires.get(d["financeur"]), type_aide=d["type_aide"], publics=d.get("publics", ""),
            naf_prefixes=d.get("naf", ""), tranche_min=d.get("tranche_min", ""),
            description="Dispositif illustratif de la démonstration.",
        )
        dispositif.territoires.add(territoire)
        dispositif.sujets.set(Sujet.objects.filter(code__in=d["sujets"]))
        liste.append(dispositif)
    return liste


def _demandes(territoire, orgas, contacts, donnees, rng, equipe, aujourdhui, dispositifs) -> int:
    sujets = list(Sujet.objects.all())
    poids = {"recrutement": 30, "financement": 18, "foncier": 10, "numerique": 10, "innovation": 9,
             "transition-ecologique": 8, "reglementation": 6, "export": 4, "difficultes": 3, "transmission": 2}
    n = 0
    for _ in range(min(220, len(orgas) * 2)):
        sujet = rng.choices(sujets, weights=[poids.get(s.code, 1) for s in sujets])[0]
        o = rng.choice(orgas)
        depose = _instant(aujourdhui - timedelta(days=rng.randint(0, JOURS)), rng)
        origine = rng.choice(("formulaire", "equipe", "equipe", "compte"))
        contact = (contacts.get(o.pk) or [None])[0]
        d = guichet.deposer_demande(
            territoire, sujet=sujet, description=rng.choice(donnees["descriptions"][sujet.code]), organisation=o,
            origine=origine, par=equipe if origine == "equipe" else None, maintenant=depose,
        )
        if contact is not None:
            Demande.objects.filter(pk=d.pk).update(contact=contact)
            d.contact = contact
        n += 1
        age = (timezone.now() - depose).days
        proposes = guichet.proposer_conseillers(d)
        if not proposes or age < 1:
            continue  # left for the team to route (no advisor fits, or filed today)
        oriente = depose + timedelta(hours=rng.randint(2, 30))
        guichet.orienter_demande(d, proposes[: rng.choice((1, 1, 2))], par=equipe, maintenant=oriente)
        sort = rng.random()
        delai = rng.choices((1, 2, 3, 4, 5, 7, 9, 14), weights=(18, 22, 18, 12, 8, 9, 7, 6))[0]
        prise = _instant(calendrier.ajouter_jours_ouvres(timezone.localdate(depose), delai), rng)
        if prise > timezone.now() or sort < 0.06:
            continue  # still waiting
        if sort < 0.11:
            guichet.changer_statut(d, "pas_pour_nous", par=equipe, maintenant=prise, note="Hors de notre champ")
            continue
        if sort < 0.16:
            guichet.changer_statut(d, "injoignable", par=equipe, maintenant=prise, note="Trois appels sans réponse")
            continue
        guichet.changer_statut(d, "prise_en_charge", par=equipe, maintenant=prise)
        fin = prise + timedelta(days=rng.randint(5, 70))
        if fin > timezone.now():
            continue
        proposables = [x for x in dispositifs if sujet in x.sujets.all()]
        if proposables and rng.random() < 0.6:
            aide = guichet.proposer_aide(d, rng.choice(proposables))
            issue = rng.choices(("demandee", "obtenue", "refusee", "versee"), weights=(20, 35, 15, 30))[0]
            montant = rng.choice((15000, 40000, 80000, 150000, 300000)) if issue in ("obtenue", "versee") else None
            guichet.noter_issue_aide(aide, issue, montant)
        guichet.changer_statut(d, rng.choices(("faite", "faite_sans_aide"), weights=(75, 25))[0], par=equipe, maintenant=fin)
        if rng.random() < 0.6:
            note = rng.choices((5, 4, 3, 2, 1), weights=(40, 35, 15, 7, 3))[0]
            guichet.repondre_satisfaction(d, note, "", maintenant=fin + timedelta(days=rng.randint(1, 10)))
    return n


def _comptes(territoire, partenaires, orgas) -> None:
    """Three demo accounts (password from TERRITOIRE_DEMO_MOT_DE_PASSE, default below)."""
    mot_de_passe = settings.TERRITOIRE_DEMO_MOT_DE_PASSE
    User = get_user_model()
    cci = Conseiller.objects.filter(antenne__institution__territoire=territoire, sujets__code="recrutement").order_by("pk").first()
    for identifiant, role, orga in (
        ("demo-equipe", "equipe", None),
        ("demo-conseiller", "partenaire", cci.antenne.organisation if cci else None),
        ("demo-entreprise", "entreprise", orgas[0] if orgas else None),
    ):
        user, _ = User.objects.get_or_create(username=identifiant)
        user.set_password(mot_de_passe)
        user.save()
        Adhesion.objects.update_or_create(utilisateur=user, territoire=territoire, role=role,
                                          defaults={"organisation": orga})
        if role == "partenaire" and cci:
            Conseiller.objects.filter(pk=cci.pk).update(utilisateur=user)


def construire(territoire, stdout) -> None:
    donnees = json.loads(DONNEES.read_text(encoding="utf-8"))
    installer_sujets(Sujet)
    rng = random.Random(donnees["graine"])
    aujourdhui = timezone.localdate()
    communes = list(territoire.communes.order_by("code_insee"))
    # Mails of the actions (routing, closing) stay in memory: the demo sends nothing.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        get_connection()
        _effacer_precedent(territoire)
        equipe, _ = get_user_model().objects.get_or_create(username="demo-equipe")
        partenaires = _partenaires(territoire, donnees, rng, communes)
        orgas = _entreprises(territoire, rng)
        contacts = _contacts(orgas, donnees, rng)
        _interactions(territoire, orgas, contacts, donnees, rng, equipe, aujourdhui)
        _evenements(territoire, orgas, contacts, donnees, rng, aujourdhui)
        dispositifs = _dispositifs(territoire, donnees, partenaires)
        n = _demandes(territoire, orgas, contacts, donnees, rng, equipe, aujourdhui, dispositifs)
        _comptes(territoire, partenaires, orgas)
    stdout.write(
        f"Réseau : {len(partenaires)} partenaires, {len(orgas)} entreprises suivies, {n} demandes sur deux ans."
    )
