"""Contacts: create, edit (with their lawful basis), export and erase on request (GDPR).

Erasure blanks the person's record and the history entries that quoted them, and offers to
redact their name, email and phone where people typed them in free text: the places where
personal data can sit are declared by each app in `donnees_personnelles.TEXTES_LIBRES`
(see territoire.reseau.donnees_personnelles), so that an app added later is searched too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from territoire.historique.actions import (
    EFFACE,
    differences,
    effacer_dans_historique,
    enregistrer_historique,
    historique_de,
)
from territoire.historique.models import Entree

from ..models import Contact
from ._commun import etat

CHAMPS_PERSONNELS = ("prenom", "nom", "fonction", "email", "telephone")
CHAMPS_CONTACT = ("organisation", "prenom", "nom", "fonction", "email", "telephone", "base_legale",
                  "date_consentement")
# Around a mention, this many characters are shown to the team on the erasure page.
CONTEXTE = 60


def _verifier(contact: Contact) -> None:
    contact.nom = " ".join((contact.nom or "").split())
    contact.prenom = " ".join((contact.prenom or "").split())
    erreurs = {}
    if not contact.nom:
        erreurs["nom"] = "Donnez au moins le nom de la personne."
    if contact.base_legale == Contact.BaseLegale.CONSENTEMENT and not contact.date_consentement:
        erreurs["date_consentement"] = (
            "Un consentement se date : indiquez quand la personne l'a donné (ou choisissez une autre base légale)."
        )
    if contact.base_legale != Contact.BaseLegale.CONSENTEMENT and contact.date_consentement:
        erreurs["date_consentement"] = "Une date de consentement ne vaut que pour la base légale « Consentement »."
    if erreurs:
        raise ValidationError(erreurs)
    contact.full_clean()


@transaction.atomic
def creer_contact(organisation, *, auteur=None, **champs) -> Contact:
    inconnus = set(champs) - set(CHAMPS_CONTACT)
    if inconnus:
        raise ValueError(f"Champs inconnus pour un contact : {', '.join(sorted(inconnus))}")
    contact = Contact(organisation=organisation, **champs)
    _verifier(contact)
    contact.save()
    enregistrer_historique(contact, auteur, "Contact créé",
                           {"base_legale": [None, contact.base_legale]}, nature=Entree.Nature.CREATION)
    if organisation is not None:
        enregistrer_historique(organisation, auteur, "Contact ajouté", element="contact", element_id=contact.pk)
    return contact


@transaction.atomic
def modifier_contact(contact: Contact, auteur=None, **champs) -> dict:
    if contact.efface_le:
        raise ValidationError("Les données de cette personne ont été effacées à sa demande : la fiche ne se modifie plus.")
    inconnus = set(champs) - set(CHAMPS_CONTACT)
    if inconnus:
        raise ValueError(f"Champs inconnus pour un contact : {', '.join(sorted(inconnus))}")
    avant = etat(contact, CHAMPS_CONTACT)
    for c, v in champs.items():
        setattr(contact, c, v)
    _verifier(contact)
    contact.save()
    changes = differences(avant, etat(contact, CHAMPS_CONTACT))
    if changes:
        action = "Base légale changée" if "base_legale" in changes else "Contact modifié"
        enregistrer_historique(contact, auteur, action, changes)
    return changes


def exporter_contact(contact: Contact) -> dict:
    """Everything the platform holds about a person (GDPR right of access), as plain data.

    A read: it writes nothing (the view that hands the file over records the export)."""
    return {
        "personne": {
            "prenom": contact.prenom, "nom": contact.nom, "fonction": contact.fonction,
            "courriel": contact.email, "telephone": contact.telephone,
            "base_legale": contact.get_base_legale_display(),
            "date_consentement": contact.date_consentement.isoformat() if contact.date_consentement else None,
            "cree_le": contact.cree_le.isoformat(), "efface_le": contact.efface_le.isoformat() if contact.efface_le else None,
        },
        "organisation": contact.organisation.nom if contact.organisation_id else None,
        "interactions": [
            {"date": i.date.isoformat(), "type": i.get_type_display(), "objet": i.objet}
            for i in contact.interactions.order_by("date")
        ],
        "inscriptions": [
            {"evenement": i.evenement.titre, "date": i.evenement.date.isoformat(), "presence": i.get_presence_display()}
            for i in contact.inscriptions.select_related("evenement")
        ],
        "demandes": [
            {"deposee_le": d.deposee_le.isoformat(), "sujet": d.sujet.libelle, "description": d.description,
             "statut": d.get_statut_display()}
            for d in contact.demandes.select_related("sujet")
        ],
        "historique": [
            {"le": h.le.isoformat(), "action": h.action, "changements": h.changements} for h in historique_de(contact)
        ],
    }


def noter_export_contact(contact: Contact, auteur=None) -> Entree:
    """Record that the person's data were handed over (done by the POST that exports)."""
    return enregistrer_historique(contact, auteur, "Données exportées à la demande de la personne (RGPD)",
                                  nature=Entree.Nature.DONNEES_PERSONNELLES)


# --- Mentions in free text ------------------------------------------------------------------


@dataclass(frozen=True)
class TexteLibre:
    """A free-text field where people may type someone's name or phone (declared by its app)."""

    modele: str  # "guichet.Demande"
    champs: tuple[str, ...]
    territoire: str  # lookup from the model to its territory: "territoire", "organisation__territoires"


@dataclass(frozen=True)
class Mention:
    modele: str
    pk: int
    champ: str
    objet: str
    extrait: str

    @property
    def cle(self) -> str:
        return f"{self.modele}:{self.pk}:{self.champ}"


def textes_libres() -> list[TexteLibre]:
    """Every app's declared free-text places (`donnees_personnelles.TEXTES_LIBRES`)."""
    places = []
    for config in apps.get_app_configs():
        if config.name.startswith("territoire.") and find_spec(f"{config.name}.donnees_personnelles"):
            places += getattr(import_module(f"{config.name}.donnees_personnelles"), "TEXTES_LIBRES", [])
    return places


def mentions_cherchees(contact: Contact) -> list[str]:
    """What identifies the person in a text: full name (both orders), email, phone."""
    cherchees = []
    if contact.prenom and contact.nom:
        cherchees += [f"{contact.prenom} {contact.nom}", f"{contact.nom} {contact.prenom}"]
    if contact.email:
        cherchees.append(contact.email)
    if len(re.sub(r"\D", "", contact.telephone or "")) >= 6:
        cherchees.append(contact.telephone)
    return cherchees


def _motif_telephone(telephone: str) -> str:
    """A regular expression for a phone number whatever its separators (0321… or 03 21 …)."""
    chiffres = re.sub(r"\D", "", telephone)
    return "[ .()-]{0,2}".join(chiffres)


def _motif(contact: Contact) -> re.Pattern | None:
    morceaux = [re.escape(m) for m in mentions_cherchees(contact) if m != contact.telephone]
    if contact.telephone and len(re.sub(r"\D", "", contact.telephone)) >= 6:
        morceaux.append(_motif_telephone(contact.telephone))
    morceaux = [m.replace("\\ ", " ").replace(" ", r"\s+") for m in morceaux]  # re.escape escapes spaces
    return re.compile("|".join(morceaux), re.IGNORECASE) if morceaux else None


def _filtre_base(contact: Contact, champ: str) -> Q:
    q = Q(pk__in=[])
    for m in mentions_cherchees(contact):
        if m == contact.telephone:
            continue
        q |= Q(**{f"{champ}__icontains": m})
    if contact.telephone and len(re.sub(r"\D", "", contact.telephone)) >= 6:
        # The same pattern on SQLite (Python's re) and PostgreSQL (POSIX): digits and separators.
        q |= Q(**{f"{champ}__regex": _motif_telephone(contact.telephone)})
    return q


def mentions_de(contact: Contact, territoire) -> list[Mention]:
    """Where the person's name, email or phone appear in the territory's free texts."""
    motif = _motif(contact)
    if motif is None:
        return []
    trouvees = []
    for place in textes_libres():
        modele = apps.get_model(place.modele)
        for champ in place.champs:
            qs = modele._base_manager.filter(**{place.territoire: territoire}).filter(_filtre_base(contact, champ))
            for obj in qs.distinct().order_by("pk")[:500]:
                texte = getattr(obj, champ) or ""
                for m in motif.finditer(texte):
                    debut, fin = max(0, m.start() - CONTEXTE), min(len(texte), m.end() + CONTEXTE)
                    extrait = ("…" if debut else "") + texte[debut:fin] + ("…" if fin < len(texte) else "")
                    trouvees.append(Mention(place.modele, obj.pk, champ, str(obj), extrait))
                    break  # one line per field: the redaction replaces every occurrence
    return trouvees


def _expurger(contact: Contact, territoire, cles: set[str], auteur) -> int:
    motif = _motif(contact)
    n = 0
    for mention in mentions_de(contact, territoire):
        if mention.cle not in cles:
            continue
        modele = apps.get_model(mention.modele)
        obj = modele._base_manager.get(pk=mention.pk)
        setattr(obj, mention.champ, motif.sub(EFFACE, getattr(obj, mention.champ)))
        obj.save(update_fields=[mention.champ])
        libelle = obj._meta.get_field(mention.champ).verbose_name
        enregistrer_historique(obj, auteur, f"Données d'une personne effacées du champ « {libelle} » (RGPD)",
                               nature=Entree.Nature.DONNEES_PERSONNELLES, territoire=territoire)
        n += 1
    return n


@transaction.atomic
def effacer_contact(contact: Contact, auteur=None, *, territoire=None, expurger=()) -> Contact:
    """Erase a person's data on request (GDPR right to erasure).

    The Contact row stays, blank, so that the interactions, registrations and requests that
    pointed at it keep their shape ("a person, erased"); the history entries that quoted the
    person are blanked too. `expurger` names the free-text mentions (`Mention.cle`, found by
    `mentions_de` on `territoire`) where the name, email and phone are replaced by [effacé].
    """
    if contact.efface_le:
        return contact
    expurgees = _expurger(contact, territoire, set(expurger), auteur) if expurger and territoire is not None else 0
    valeurs = {c: getattr(contact, c) for c in CHAMPS_PERSONNELS}
    effacer_dans_historique(contact, mentions_cherchees(contact))
    contact.prenom = contact.fonction = contact.email = contact.telephone = ""
    contact.nom = EFFACE
    contact.date_consentement = None
    contact.efface_le = timezone.now()
    contact.save()
    changements = {c: [EFFACE, ""] for c, v in valeurs.items() if v}
    if expurgees:
        changements["textes expurgés"] = [None, expurgees]
    enregistrer_historique(contact, auteur, "Données personnelles effacées à la demande de la personne (RGPD)",
                           changements, nature=Entree.Nature.DONNEES_PERSONNELLES)
    return contact
