"""Writes on the programme. Views, forms, the importer and the demo all go through here.

Every write leaves an entry of the shared history (territoire.historique: who, when, what)
on the fiche it touches, or on the sitting, decision or indicator when there is no fiche.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from territoire.historique.actions import enregistrer_historique
from territoire.historique.models import Entree

from . import donnees
from .models import (
    ActionSuivi,
    Axe,
    Cofinancement,
    CorrespondanceAxe,
    Decision,
    FicheAction,
    Indicateur,
    Jalon,
    LienFiche,
    LigneBudget,
    MiseAJour,
    PieceJointe,
    PointOrdreDuJour,
    Programme,
    Seance,
    StatutFiche,
    ValeurIndicateur,
)

# Fields of a fiche set by creer_fiche / modifier_fiche. The status, the progress and the
# publication have their own doors (enregistrer_mise_a_jour, publier_fiche).
CHAMPS_FICHE = (
    "numero",
    "titre",
    "parent",
    "description",
    "contexte",
    "objectifs",
    "resultats_attendus",
    "pilote_organisation",
    "pilote_contact",
    "referent",
    "beneficiaires",
    "date_debut",
    "date_fin",
    "priorite",
    "confidentiel",
    "methode_avancement",
    "poids",
)
M2M_FICHE = ("axes", "partenaires", "zones")


# --- History -------------------------------------------------------------------------------


def _serialiser(valeur):
    if isinstance(valeur, Model):
        return str(valeur)
    if isinstance(valeur, dt.date | dt.datetime):
        return valeur.isoformat()
    if isinstance(valeur, Decimal):
        return str(valeur)
    if isinstance(valeur, list | tuple | set | frozenset):
        return sorted(str(v) for v in valeur)
    return valeur


def _etat(objet, champs) -> dict:
    return {c: _serialiser(getattr(objet, c)) for c in champs}


def differences(avant: dict, apres: dict) -> dict:
    """Field → [before, after] for the fields whose value changed."""
    return {c: [avant.get(c), apres.get(c)] for c in apres if avant.get(c) != apres.get(c)}


class Action:
    """The three kinds of a programme entry (natures of the shared history)."""

    CREATION = Entree.Nature.CREATION
    MODIFICATION = Entree.Nature.MODIFICATION
    SUPPRESSION = Entree.Nature.SUPPRESSION


def journaliser(
    fiche, auteur, objet: str, objet_id, action: str, changements: dict, territoire=None, sur=None
) -> Entree:
    """One entry of the shared history (territoire.historique) for a write of the programme.

    On a fiche, the entry hangs on the fiche and names the part that changed (`objet`:
    jalon, cofinancement…); without one, it hangs on `sur` (a sitting, a decision…).
    """
    dossier = fiche if fiche is not None else sur
    if dossier is None:
        raise ValueError(f"Une entrée d'historique du programme ({objet}) sans fiche doit dire sur quoi elle porte.")
    sur_le_dossier = fiche is None or objet == "fiche"
    return enregistrer_historique(
        dossier,
        auteur,
        f"{Entree.Nature(action).label} : {objet}",
        changements,
        nature=action,
        territoire=territoire or fiche.programme.territoire,
        element="" if sur_le_dossier else objet,
        element_id=None if sur_le_dossier else objet_id,
    )


def signature_de(user, territoire) -> str:
    """Name and organisation as they appear under an update."""
    nom = (user.get_full_name() or user.get_username()).strip()
    adhesion = (
        user.adhesions.filter(territoire=territoire, organisation__isnull=False)
        .select_related("organisation")
        .first()
    )
    return f"{nom} ({adhesion.organisation.nom})" if adhesion else nom


# --- Phases, axes, statuses ------------------------------------------------------------------


@transaction.atomic
def installer_statuts(territoire) -> list[StatutFiche]:
    """The default status list of a territory (kept as is when it already has one)."""
    if not StatutFiche.objects.filter(territoire=territoire).exists():
        for code, libelle, categorie, ordre in donnees.STATUTS:
            StatutFiche.objects.create(
                territoire=territoire, code=code, libelle=libelle, categorie=categorie, ordre=ordre
            )
    return list(StatutFiche.objects.filter(territoire=territoire))


@transaction.atomic
def creer_programme(
    territoire,
    *,
    code: str,
    nom: str,
    debut: dt.date,
    fin: dt.date,
    axes_nationaux: str | None = None,
    actif: bool = True,
) -> Programme:
    """Create (or refresh) a phase; `axes_nationaux` names a national axis list of donnees.py."""
    programme, _ = Programme.objects.update_or_create(
        territoire=territoire,
        code=code,
        defaults={"nom": nom, "debut": debut, "fin": fin, "actif": actif},
    )
    programme.full_clean()
    if axes_nationaux is not None:
        if axes_nationaux not in donnees.AXES_NATIONAUX:
            raise ValidationError(
                f"Liste d'axes nationaux inconnue : {axes_nationaux!r} "
                f"(connues : {', '.join(donnees.AXES_NATIONAUX)})."
            )
        for ordre, (code_axe, libelle) in enumerate(
            donnees.AXES_NATIONAUX[axes_nationaux], start=1
        ):
            Axe.objects.update_or_create(
                programme=programme,
                code=code_axe,
                defaults={"libelle": libelle, "ordre": ordre, "national": True},
            )
    installer_statuts(territoire)
    return programme


@transaction.atomic
def relier_phases(ancienne: Programme, nouvelle: Programme) -> int:
    """Map the national axes of two phases (donnees.CORRESPONDANCES); returns the links made."""
    a = {x.code: x for x in ancienne.axes.all()}
    n = {x.code: x for x in nouvelle.axes.all()}
    faits = 0
    for source, cible, commentaire in donnees.CORRESPONDANCES:
        if source in a and cible in n:
            CorrespondanceAxe.objects.update_or_create(
                source=a[source], cible=n[cible], defaults={"commentaire": commentaire}
            )
            faits += 1
    return faits


# --- Fiches --------------------------------------------------------------------------------


@transaction.atomic
def creer_fiche(
    programme,
    auteur,
    *,
    statut: StatutFiche | None = None,
    avancement: int | None = None,
    date_statut: dt.date | None = None,
    **champs,
) -> FicheAction:
    """Create a fiche; an initial status is recorded as its first signed update."""
    m2m = {k: champs.pop(k) for k in M2M_FICHE if k in champs}
    inconnus = set(champs) - set(CHAMPS_FICHE)
    if inconnus:
        raise ValueError(f"Champs inconnus pour une fiche : {', '.join(sorted(inconnus))}")
    fiche = FicheAction(programme=programme, **champs)
    fiche.full_clean()
    fiche.save()
    for nom, valeurs in m2m.items():
        getattr(fiche, nom).set(valeurs)
    journaliser(
        fiche,
        auteur,
        "fiche",
        fiche.pk,
        Action.CREATION,
        {c: [None, v] for c, v in _etat(fiche, CHAMPS_FICHE).items() if v not in (None, "")},
    )
    if avancement is not None and statut is None:
        raise ValidationError({"avancement": "Un avancement se donne avec un statut."})
    if statut is not None:
        enregistrer_mise_a_jour(
            fiche,
            auteur,
            date=date_statut or timezone.localdate(),
            note="Création de la fiche.",
            statut=statut,
            avancement=avancement,
        )
    return fiche


@transaction.atomic
def modifier_fiche(fiche: FicheAction, auteur, **champs) -> dict:
    """Change a fiche's fields (never its status); returns the differences recorded."""
    if "statut" in champs:
        raise ValidationError(
            {"statut": "Le statut d'une fiche ne change que par une mise à jour datée et signée."}
        )
    m2m = {k: champs.pop(k) for k in M2M_FICHE if k in champs}
    inconnus = set(champs) - set(CHAMPS_FICHE)
    if inconnus:
        raise ValueError(f"Champs inconnus pour une fiche : {', '.join(sorted(inconnus))}")
    avant = _etat(fiche, CHAMPS_FICHE)
    avant.update({k: _serialiser(list(getattr(fiche, k).all())) for k in m2m})
    for c, v in champs.items():
        setattr(fiche, c, v)
    fiche.full_clean()
    fiche.save()
    for nom, valeurs in m2m.items():
        getattr(fiche, nom).set(valeurs)
    apres = _etat(fiche, CHAMPS_FICHE)
    apres.update({k: _serialiser(list(v)) for k, v in m2m.items()})
    changes = differences(avant, apres)
    if changes:
        journaliser(fiche, auteur, "fiche", fiche.pk, Action.MODIFICATION, changes)
    return changes


@transaction.atomic
def enregistrer_mise_a_jour(
    fiche: FicheAction,
    auteur,
    *,
    date: dt.date,
    note: str,
    statut: StatutFiche,
    avancement: int | None = None,
    publiee: bool = False,
    signature: str = "",
) -> MiseAJour:
    """The only way a fiche's status (and a leaf fiche's progress) changes."""
    territoire = fiche.programme.territoire
    if statut.territoire_id != territoire.pk:
        raise ValidationError({"statut": "Ce statut n'appartient pas à la liste de ce territoire."})
    if not note.strip():
        raise ValidationError(
            {"note": "Une mise à jour dit ce qui s'est passé : la note est obligatoire."}
        )
    derniere = fiche.mises_a_jour.order_by("-date").values_list("date", flat=True).first()
    if derniere is not None and date < derniere:
        raise ValidationError(
            {
                "date": f"La dernière mise à jour de la fiche date du {derniere:%d/%m/%Y} : "
                "une nouvelle mise à jour ne peut pas être antérieure."
            }
        )
    maj = MiseAJour(
        fiche=fiche,
        date=date,
        auteur=auteur,
        signature=signature or signature_de(auteur, territoire),
        note=note,
        statut_avant=fiche.statut,
        statut=statut,
        avancement=avancement,
        publiee=publiee,
    )
    maj.full_clean()
    maj.save()
    avant = {"statut": _serialiser(fiche.statut), "avancement": fiche.avancement}
    fiche.statut = statut
    if avancement is not None:
        if fiche.sous_fiches.exists():
            raise ValidationError(
                {
                    "avancement": "L'avancement d'une fiche à sous-fiches est calculé depuis ses sous-fiches."
                }
            )
        fiche.avancement = avancement
    fiche._par_mise_a_jour = True
    fiche.save(update_fields=["statut", "avancement", "modifie_le"])
    journaliser(
        fiche,
        auteur,
        "mise à jour",
        maj.pk,
        Action.CREATION,
        {
            "date": [None, date.isoformat()],
            "note": [None, note],
            **differences(avant, {"statut": str(statut), "avancement": fiche.avancement}),
        },
    )
    return maj


def version_publique(fiche: FicheAction) -> dict:
    """What the public sees of a fiche: no person's name, no money, no confidential note."""
    maj = fiche.derniere_mise_a_jour(publiee_seulement=True)
    return {
        "numero": fiche.numero,
        "titre": fiche.titre,
        "axes": [a.libelle for a in fiche.axes.all()],
        "description": fiche.description,
        "contexte": fiche.contexte,
        "objectifs": fiche.objectifs,
        "resultats_attendus": fiche.resultats_attendus,
        "pilote": fiche.pilote_organisation.nom if fiche.pilote_organisation_id else "",
        "partenaires": [p.nom for p in fiche.partenaires.all()],
        "beneficiaires": fiche.beneficiaires,
        "date_debut": fiche.date_debut.isoformat() if fiche.date_debut else None,
        "date_fin": fiche.date_fin.isoformat() if fiche.date_fin else None,
        "statut": fiche.statut.libelle if fiche.statut_id else "",
        "avancement": fiche.avancement,
        "jalons": [
            {"libelle": j.libelle, "date_prevue": j.date_prevue.isoformat(), "fait": j.fait}
            for j in fiche.jalons.all()
        ],
        "derniere_mise_a_jour": {"date": maj.date.isoformat(), "note": maj.note} if maj else None,
    }


@transaction.atomic
def publier_fiche(fiche: FicheAction, auteur) -> FicheAction:
    """Publish the fiche as it is now; later edits stay drafts until the next publication."""
    if fiche.confidentiel:
        raise ValidationError(
            "Une fiche confidentielle ne se publie pas : retirez d'abord la confidentialité."
        )
    fiche.version_publiee = version_publique(fiche)
    fiche.publie = True
    fiche.publie_le = timezone.now()
    fiche.save(update_fields=["version_publiee", "publie", "publie_le", "modifie_le"])
    journaliser(
        fiche,
        auteur,
        "publication",
        fiche.pk,
        Action.MODIFICATION,
        {"publie": [None, True]},
    )
    return fiche


@transaction.atomic
def depublier_fiche(fiche: FicheAction, auteur) -> FicheAction:
    fiche.publie = False
    fiche.version_publiee = None
    fiche.save(update_fields=["version_publiee", "publie", "modifie_le"])
    journaliser(
        fiche,
        auteur,
        "publication",
        fiche.pk,
        Action.MODIFICATION,
        {"publie": [True, False]},
    )
    return fiche


# --- What a fiche carries ------------------------------------------------------------------


def _creer(modele, fiche, auteur, objet: str, champs_hist, **champs):
    obj = modele(fiche=fiche, **champs)
    obj.full_clean()
    obj.save()
    journaliser(
        fiche,
        auteur,
        objet,
        obj.pk,
        Action.CREATION,
        {c: [None, v] for c, v in _etat(obj, champs_hist).items()},
    )
    return obj


def _modifier(obj, fiche, auteur, objet: str, champs_hist, **champs):
    avant = _etat(obj, champs_hist)
    for c, v in champs.items():
        setattr(obj, c, v)
    obj.full_clean()
    obj.save()
    changes = differences(avant, _etat(obj, champs_hist))
    if changes:
        journaliser(fiche, auteur, objet, obj.pk, Action.MODIFICATION, changes)
    return obj


def _supprimer(obj, fiche, auteur, objet: str, champs_hist):
    etat = _etat(obj, champs_hist)
    pk = obj.pk
    obj.delete()
    journaliser(
        fiche,
        auteur,
        objet,
        pk,
        Action.SUPPRESSION,
        {c: [v, None] for c, v in etat.items()},
    )


CHAMPS_JALON = ("libelle", "date_prevue", "fait", "date_realisation")
CHAMPS_BUDGET = ("annee", "nature", "type", "montant", "libelle", "illustratif")
CHAMPS_COFI = ("financeur", "dispositif", "montant", "etape", "date", "illustratif")


@transaction.atomic
def ajouter_jalon(fiche, auteur, **champs) -> Jalon:
    return _creer(Jalon, fiche, auteur, "jalon", CHAMPS_JALON, **champs)


@transaction.atomic
def modifier_jalon(jalon: Jalon, auteur, **champs) -> Jalon:
    if champs.get("fait") and not champs.get("date_realisation") and not jalon.date_realisation:
        champs["date_realisation"] = timezone.localdate()
    return _modifier(jalon, jalon.fiche, auteur, "jalon", CHAMPS_JALON, **champs)


@transaction.atomic
def ajouter_ligne_budget(fiche, auteur, **champs) -> LigneBudget:
    return _creer(LigneBudget, fiche, auteur, "ligne de budget", CHAMPS_BUDGET, **champs)


@transaction.atomic
def supprimer_ligne_budget(ligne: LigneBudget, auteur) -> None:
    _supprimer(ligne, ligne.fiche, auteur, "ligne de budget", CHAMPS_BUDGET)


@transaction.atomic
def ajouter_cofinancement(fiche, auteur, **champs) -> Cofinancement:
    return _creer(Cofinancement, fiche, auteur, "cofinancement", CHAMPS_COFI, **champs)


@transaction.atomic
def modifier_cofinancement(cofi: Cofinancement, auteur, **champs) -> Cofinancement:
    return _modifier(cofi, cofi.fiche, auteur, "cofinancement", CHAMPS_COFI, **champs)


@transaction.atomic
def supprimer_cofinancement(cofi: Cofinancement, auteur) -> None:
    _supprimer(cofi, cofi.fiche, auteur, "cofinancement", CHAMPS_COFI)


@transaction.atomic
def ajouter_piece_jointe(fiche, auteur, *, titre: str, fichier) -> PieceJointe:
    piece = PieceJointe(fiche=fiche, titre=titre, fichier=fichier, ajoutee_par=auteur)
    piece.full_clean()
    piece.save()
    journaliser(
        fiche,
        auteur,
        "pièce jointe",
        piece.pk,
        Action.CREATION,
        {"titre": [None, titre], "fichier": [None, piece.fichier.name]},
    )
    return piece


@transaction.atomic
def lier_fiches(source: FicheAction, cible: FicheAction, type: str, auteur) -> LienFiche:
    if source.pk == cible.pk:
        raise ValidationError({"cible": "Une fiche ne se lie pas à elle-même."})
    if source.programme.territoire_id != cible.programme.territoire_id:
        raise ValidationError({"cible": "Les deux fiches doivent appartenir au même territoire."})
    lien = LienFiche(source=source, cible=cible, type=type)
    lien.full_clean()
    lien.save()
    journaliser(
        source,
        auteur,
        "lien",
        lien.pk,
        Action.CREATION,
        {"lien": [None, f"{lien.get_type_display()} {cible.numero}"]},
    )
    return lien


# --- Indicators ----------------------------------------------------------------------------


@transaction.atomic
def creer_indicateur(programme, auteur, **champs) -> Indicateur:
    ind = Indicateur(programme=programme, **champs)
    ind.full_clean()
    ind.save()
    journaliser(
        ind.fiche,
        auteur,
        "indicateur",
        ind.pk,
        Action.CREATION,
        {"libelle": [None, ind.libelle], "unite": [None, ind.unite]},
        territoire=programme.territoire,
        sur=ind,
    )
    return ind


@transaction.atomic
def saisir_valeur(
    indicateur: Indicateur, auteur, *, date, type, valeur, source="", publiee=False
) -> ValeurIndicateur:
    """Record a dated target or actual value; a second value for the same date and type replaces it."""
    existante = ValeurIndicateur.objects.filter(indicateur=indicateur, date=date, type=type).first()
    avant = _etat(existante, ("valeur", "source", "publiee")) if existante else {}
    v = existante or ValeurIndicateur(indicateur=indicateur, date=date, type=type)
    v.valeur, v.source, v.publiee = valeur, source, publiee
    v.saisie_par = auteur if auteur is not None and auteur.is_authenticated else None
    v.full_clean()
    v.save()
    journaliser(
        indicateur.fiche,
        auteur,
        "valeur d'indicateur",
        v.pk,
        Action.MODIFICATION if existante else Action.CREATION,
        {
            "indicateur": [None, indicateur.libelle],
            "date": [None, date.isoformat()],
            **differences(avant, _etat(v, ("valeur", "source", "publiee"))),
        },
        territoire=indicateur.programme.territoire,
        sur=v,
    )
    return v


def valeur_calculee(indicateur: Indicateur) -> Decimal | None:
    """Today's value of an indicator computed from the census (None if it cannot be)."""
    from territoire.etablissements.chiffres import industriels_suivis

    if indicateur.mode != Indicateur.Mode.CALCULE or indicateur.fiche_id is None:
        return None
    zones = list(indicateur.fiche.zones.values_list("pk", flat=True))
    if not zones:
        return None
    qs = industriels_suivis(indicateur.programme.territoire).filter(zone__in=zones)
    if indicateur.calcul == Indicateur.Calcul.EMPLOIS_ZONES:
        total = sum((e or 0) for e in qs.values_list("emplois_central", flat=True))
        return Decimal(round(total))
    if indicateur.calcul == Indicateur.Calcul.ETABLISSEMENTS_ZONES:
        return Decimal(qs.count())
    return None


def actualiser_indicateur_calcule(indicateur: Indicateur, auteur, date: dt.date | None = None):
    valeur = valeur_calculee(indicateur)
    if valeur is None:
        return None
    return saisir_valeur(
        indicateur,
        auteur,
        date=date or timezone.localdate(),
        type=ValeurIndicateur.Type.REALISE,
        valeur=valeur,
        source="Calcul depuis le recensement SIRENE de la plateforme",
    )


# --- Governance ----------------------------------------------------------------------------


def instantane_fiche(fiche: FicheAction, au: dt.date | None = None) -> dict:
    """The fiche as it was on date `au` (default today): what a decision was taken against.

    Status, progress and the latest update come from the updates dated on or before `au`;
    lateness is judged on that day; co-financing counts the rows dated on or before it.
    """
    from . import derive

    au = au or timezone.localdate()
    majs = [
        m
        for m in fiche.mises_a_jour.select_related("statut").order_by("-date", "-id")
        if m.date <= au
    ]
    maj = majs[0] if majs else None
    statut = maj.statut if maj else None
    avancement = next((m.avancement for m in majs if m.avancement is not None), None)
    jalons = [
        j
        for j in fiche.jalons.all()
        if j.date_prevue < au
        and not (j.fait and (j.date_realisation is None or j.date_realisation <= au))
    ]
    lignes = [(lb.nature, lb.type, lb.montant) for lb in fiche.lignes_budget.all()]
    cofis = [
        (c.etape, c.montant) for c in fiche.cofinancements.all() if c.date is None or c.date <= au
    ]
    argent = derive.totaux_argent(lignes, cofis)
    return {
        "numero": fiche.numero,
        "titre": fiche.titre,
        "statut": statut.libelle if statut else None,
        "avancement": avancement,
        "en_retard": derive.raisons_retard(
            statut.categorie if statut else None, fiche.date_debut, fiche.date_fin, au, len(jalons)
        ),
        "date_fin": fiche.date_fin.isoformat() if fiche.date_fin else None,
        "derniere_mise_a_jour": (
            {"date": maj.date.isoformat(), "signature": maj.signature, "note": maj.note}
            if maj
            else None
        ),
        "cout": _serialiser(argent["prevu"]),
        "financements": {k: _serialiser(v) for k, v in argent["financements"].items()},
        "taux_couverture": _serialiser(argent["couverture"]["taux"]),
        "le": au.isoformat(),
    }


@transaction.atomic
def creer_seance(
    instance, auteur, *, date: dt.date, lieu: str = "", compte_rendu: str = "", fiches=()
) -> Seance:
    seance = Seance(instance=instance, date=date, lieu=lieu, compte_rendu=compte_rendu)
    seance.full_clean()
    seance.save()
    for i, fiche in enumerate(fiches, start=1):
        PointOrdreDuJour.objects.create(
            seance=seance, ordre=i, titre=f"Revue de la fiche {fiche}", fiche=fiche
        )
    journaliser(
        None,
        auteur,
        "séance",
        seance.pk,
        Action.CREATION,
        {"instance": [None, str(instance)], "date": [None, date.isoformat()]},
        territoire=instance.territoire,
        sur=seance,
    )
    return seance


@transaction.atomic
def ajouter_point(
    seance: Seance, auteur, *, titre: str, fiche: FicheAction | None = None
) -> PointOrdreDuJour:
    ordre = (seance.points.order_by("-ordre").values_list("ordre", flat=True).first() or 0) + 1
    point = PointOrdreDuJour(seance=seance, ordre=ordre, titre=titre, fiche=fiche)
    point.full_clean()
    point.save()
    journaliser(
        fiche,
        auteur,
        "point d'ordre du jour",
        point.pk,
        Action.CREATION,
        {"titre": [None, titre]},
        territoire=seance.instance.territoire,
        sur=point,
    )
    return point


@transaction.atomic
def enregistrer_decision(
    seance: Seance, auteur, *, texte: str, fiche: FicheAction | None = None
) -> Decision:
    """Record a decision against the fiche as it is now (its snapshot is kept)."""
    if fiche is not None and fiche.programme.territoire_id != seance.instance.territoire_id:
        raise ValidationError({"fiche": "La fiche doit appartenir au territoire de l'instance."})
    decision = Decision(
        seance=seance,
        fiche=fiche,
        texte=texte,
        enregistree_par=auteur,
        etat_fiche=instantane_fiche(fiche, min(seance.date, timezone.localdate()))
        if fiche is not None
        else None,
    )
    decision.full_clean()
    decision.save()
    journaliser(
        fiche,
        auteur,
        "décision",
        decision.pk,
        Action.CREATION,
        {"seance": [None, str(seance)], "texte": [None, texte]},
        territoire=seance.instance.territoire,
        sur=decision,
    )
    return decision


@transaction.atomic
def ajouter_action_suivi(seance: Seance, auteur, **champs) -> ActionSuivi:
    action = ActionSuivi(seance=seance, **champs)
    action.full_clean()
    action.save()
    journaliser(
        action.decision.fiche if action.decision_id else None,
        auteur,
        "action de suivi",
        action.pk,
        Action.CREATION,
        {"libelle": [None, action.libelle]},
        territoire=seance.instance.territoire,
        sur=action,
    )
    return action


@transaction.atomic
def marquer_action_faite(action: ActionSuivi, auteur) -> ActionSuivi:
    action.faite = True
    action.faite_le = timezone.localdate()
    action.save(update_fields=["faite", "faite_le"])
    journaliser(
        None,
        auteur,
        "action de suivi",
        action.pk,
        Action.MODIFICATION,
        {"faite": [False, True]},
        territoire=action.seance.instance.territoire,
        sur=action,
    )
    return action
