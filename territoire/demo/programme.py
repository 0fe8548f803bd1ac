"""The demo territory's programme: the seed's 2019–2022 action plan and its governance.

`construire(territoire, stdout)` reads territoire/demo/data/programme.json (the phases,
the seed's institutions and animators, about ten fiches-actions including the four the
seed names, their updates, milestones, illustrative money and indicators, two past
sittings) and writes everything through the programme's actions, so the history, the
signed updates and the decisions' snapshots are those the platform makes.
Rebuilding deletes the territory's previous programme first. Every amount is marked
illustrative.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from territoire.comptes.models import Adhesion
from territoire.historique.models import Entree
from territoire.programme import actions
from territoire.programme.models import (
    FicheAction,
    Instance,
    MembreInstance,
    Programme,
    StatutFiche,
)
from territoire.reseau.models import Contact, Organisation

DONNEES = Path(__file__).parent / "data" / "programme.json"


def _date(texte: str | None) -> dt.date | None:
    return dt.date.fromisoformat(texte) if texte else None


def _effacer_precedent(territoire) -> None:
    Instance.objects.filter(territoire=territoire).delete()
    fiches = FicheAction.objects.filter(programme__territoire=territoire)
    # Sub-fiches first: a parent is protected while it has children.
    while fiches.exists():
        feuilles = fiches.exclude(pk__in=fiches.filter(parent__isnull=False).values("parent_id"))
        feuilles.delete()
    Programme.objects.filter(territoire=territoire).delete()
    Entree.objects.filter(territoire=territoire, content_type__app_label="programme").delete()
    StatutFiche.objects.filter(territoire=territoire).delete()


def _organisations(territoire, donnees) -> dict[str, Organisation]:
    orgs = {}
    for cle, o in donnees["organisations"].items():
        org = Organisation.objects.filter(nom=o["nom"], fictif=False).first()
        if org is None:
            org = Organisation.objects.create(
                nom=o["nom"], type=o["type"], sigle=o.get("sigle", "")
            )
        org.territoires.add(territoire)
        orgs[cle] = org
    return orgs


def _contacts(donnees, orgs) -> dict[str, Contact]:
    contacts = {}
    for cle, c in donnees["contacts"].items():
        contacts[cle], _ = Contact.objects.update_or_create(
            organisation=orgs[c["organisation"]],
            nom=c["nom"],
            prenom=c["prenom"],
            defaults={"fonction": c["fonction"], "base_legale": c["base_legale"]},
        )
    return contacts


def _comptes(territoire, orgs):
    """The team account (shared with the network demo) and a steering-committee account."""
    mot_de_passe = settings.TERRITOIRE_DEMO_MOT_DE_PASSE
    User = get_user_model()
    equipe, _ = User.objects.get_or_create(
        username="demo-equipe", defaults={"first_name": "Équipe", "last_name": "démo"}
    )
    if not equipe.has_usable_password():
        equipe.set_password(mot_de_passe)
        equipe.save()
    Adhesion.objects.update_or_create(
        utilisateur=equipe,
        territoire=territoire,
        role="equipe",
        defaults={"organisation": orgs["cabbalr"]},
    )
    pilotage, _ = User.objects.get_or_create(
        username="demo-pilotage", defaults={"first_name": "Comité", "last_name": "de pilotage"}
    )
    pilotage.set_password(mot_de_passe)
    pilotage.save()
    Adhesion.objects.update_or_create(
        utilisateur=pilotage,
        territoire=territoire,
        role="pilotage",
        defaults={"organisation": orgs["region"]},
    )
    return equipe, pilotage


def _fiche(programme, f, orgs, contacts, statuts, zones, equipe, par_numero) -> FicheAction:
    majs = f.get("mises_a_jour", [])
    fiche = actions.creer_fiche(
        programme,
        equipe,
        numero=f["numero"],
        titre=f["titre"],
        description=f.get("description", ""),
        contexte=f.get("contexte", ""),
        objectifs=f.get("objectifs", ""),
        resultats_attendus=f.get("resultats_attendus", ""),
        beneficiaires=f.get("beneficiaires", ""),
        pilote_organisation=orgs[f["pilote"]],
        pilote_contact=contacts.get(f.get("personne")),
        referent=equipe,
        date_debut=_date(f.get("date_debut")),
        date_fin=_date(f.get("date_fin")),
        priorite=f.get("priorite", "moyenne"),
        confidentiel=f.get("confidentiel", False),
        methode_avancement=f.get("methode", "moyenne"),
        poids=f.get("poids", 1),
        parent=par_numero.get(f.get("parent")),
        axes=[a for a in programme.axes.all() if a.code in f["axes"]],
        partenaires=[orgs[p] for p in f.get("partenaires", [])],
        zones=[z for z in zones if z.nom in f.get("zones", [])],
    )
    for m in majs:
        actions.enregistrer_mise_a_jour(
            fiche,
            equipe,
            date=_date(m["date"]),
            note=m["note"],
            statut=statuts[m["statut"]],
            avancement=m.get("avancement"),
            publiee=m.get("publiee", False),
            signature="Équipe Territoire d'industrie (CABBALR)",
        )
    for j in f.get("jalons", []):
        actions.ajouter_jalon(
            fiche,
            equipe,
            libelle=j["libelle"],
            date_prevue=_date(j["date"]),
            fait=j["fait"],
            date_realisation=_date(j["date"]) if j["fait"] else None,
        )
    for b in f.get("budget", []):
        actions.ajouter_ligne_budget(
            fiche,
            equipe,
            annee=b["annee"],
            nature=b["nature"],
            type=b["type"],
            montant=Decimal(b["montant"]),
            libelle=b.get("libelle", ""),
            illustratif=True,
        )
    for c in f.get("cofinancements", []):
        actions.ajouter_cofinancement(
            fiche,
            equipe,
            financeur=orgs[c["financeur"]],
            dispositif=c.get("dispositif", ""),
            montant=Decimal(c["montant"]),
            etape=c["etape"],
            date=_date(c.get("date")),
            illustratif=True,
        )
    for i in f.get("indicateurs", []):
        _indicateur(programme, i, equipe, fiche)
    return fiche


def _indicateur(programme, i, equipe, fiche=None):
    ind = actions.creer_indicateur(
        programme,
        equipe,
        fiche=fiche,
        libelle=i["libelle"],
        unite=i["unite"],
        direction=i["direction"],
        source=i.get("source", ""),
        mode=i.get("mode", "saisi"),
        calcul=i.get("calcul", ""),
        definition=i.get("definition", ""),
    )
    for v in i.get("valeurs", []):
        actions.saisir_valeur(
            ind,
            equipe,
            date=_date(v["date"]),
            type=v["type"],
            valeur=Decimal(str(v["valeur"])),
            source=v.get("source", i.get("source", "")),
            publiee=v.get("publiee", False),
        )
    if ind.mode == "calcule":
        valeur = actions.actualiser_indicateur_calcule(ind, equipe)
        if valeur is not None:
            valeur.publiee = True
            valeur.save(update_fields=["publiee"])
    return ind


def _gouvernance(
    territoire, programme, donnees, orgs, contacts, equipe, pilotage, par_numero
) -> int:
    n = 0
    for i in donnees["instances"]:
        instance = Instance.objects.create(
            territoire=territoire,
            programme=programme,
            nom=i["nom"],
            type=i["type"],
            description=i["description"],
        )
        for m in i["membres"]:
            MembreInstance.objects.create(
                instance=instance,
                organisation=orgs[m["organisation"]],
                contact=contacts.get(m.get("contact")),
                role=m["role"],
                fonction=m.get("fonction", ""),
            )
        for s in i["seances"]:
            seance = actions.creer_seance(
                instance,
                equipe,
                date=_date(s["date"]),
                lieu=s["lieu"],
                compte_rendu=s["compte_rendu"],
                fiches=[par_numero[num] for num in s["fiches"]],
            )
            for d in s["decisions"]:
                fiche = FicheAction.objects.get(pk=par_numero[d["fiche"]].pk)
                actions.enregistrer_decision(seance, pilotage, texte=d["texte"], fiche=fiche)
            for a in s["actions"]:
                action = actions.ajouter_action_suivi(
                    seance,
                    pilotage,
                    libelle=a["libelle"],
                    responsable=orgs[a["responsable"]],
                    echeance=_date(a["echeance"]),
                )
                if a["faite"]:
                    actions.marquer_action_faite(action, equipe)
            n += 1
    return n


def construire(territoire, stdout) -> None:
    donnees = json.loads(DONNEES.read_text(encoding="utf-8"))
    with transaction.atomic():
        _effacer_precedent(territoire)
        orgs = _organisations(territoire, donnees)
        contacts = _contacts(donnees, orgs)
        equipe, pilotage = _comptes(territoire, orgs)
        phases = {}
        for p in donnees["phases"]:
            phases[p["code"]] = actions.creer_programme(
                territoire,
                code=p["code"],
                nom=p["nom"],
                debut=_date(p["debut"]),
                fin=_date(p["fin"]),
                axes_nationaux=p["axes"],
                actif=p["actif"],
            )
            Programme.objects.filter(pk=phases[p["code"]].pk).update(description=p["description"])
        premiere, seconde = phases["2019-2022"], phases["2023-2027"]
        actions.relier_phases(premiere, seconde)
        statuts = {s.code: s for s in StatutFiche.objects.filter(territoire=territoire)}
        zones = list(territoire.zones.all())
        par_numero: dict[str, FicheAction] = {}
        for f in donnees["fiches"]:
            par_numero[f["numero"]] = _fiche(
                premiere, f, orgs, contacts, statuts, zones, equipe, par_numero
            )
        for i in donnees["indicateurs_programme"]:
            _indicateur(premiere, i, equipe)
        seances = _gouvernance(
            territoire, premiere, donnees, orgs, contacts, equipe, pilotage, par_numero
        )
        for f in donnees["fiches"]:
            if f.get("publie"):
                actions.publier_fiche(
                    FicheAction.objects.get(pk=par_numero[f["numero"]].pk), equipe
                )
    stdout.write(
        f"Programme : {len(par_numero)} fiches-actions (phase 2019-2022), {seances} séances passées, "
        "axes 2023-2027 et correspondance ; montants illustratifs."
    )
