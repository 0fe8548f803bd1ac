"""Requests: file, settle the pending link of an anonymous filing, route, move along the
lifecycle, remind, satisfaction, aids proposed.

Every status change is an entry of the shared history (nature "statut"), dated and signed,
with its note: the request's steps are read from there.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from territoire.historique.actions import enregistrer_historique, historique_de
from territoire.historique.models import Entree
from territoire.reseau.actions import creer_organisation_entreprise, fusionner_organisations
from territoire.reseau.models import Contact, Organisation

from ..models import AideProposee, Conseiller, Demande, Orientation, Relance

PALIERS_RELANCE = (9, 21, 45)
SEL_SATISFACTION = "guichet.satisfaction"


def empreinte_ip(ip: str) -> str:
    """A keyed hash of an IP address: enough to rate-limit, useless to identify anyone."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


def depots_recents(ip: str, depuis_minutes: int = 60) -> int:
    depuis = timezone.now() - timedelta(minutes=depuis_minutes)
    return Demande.objects.filter(ip_empreinte=empreinte_ip(ip), deposee_le__gte=depuis).count()


def _firme_ressemblante(territoire, etablissement, nom_entreprise: str) -> Organisation | None:
    """An organisation of the territory with the same establishment, SIRET or name (any case)."""
    qs = Organisation.objects.du_territoire(territoire)
    if etablissement is not None:
        trouvee = (qs.filter(etablissement=etablissement).order_by("pk").first()
                   or qs.filter(siret=etablissement.siret).order_by("pk").first())
        if trouvee is not None:
            return trouvee
    if nom_entreprise.strip():
        return qs.entreprises().filter(nom__iexact=" ".join(nom_entreprise.split())).order_by("pk").first()
    return None


def _personne(organisation, contact: dict, maintenant, public: bool) -> Contact:
    """The person to call back. A public filing always creates its own contact: whoever types
    an email on the public form never changes what the platform holds about that address."""
    if not public and contact.get("email"):
        existante = Contact.objects.filter(organisation=organisation, email__iexact=contact["email"]).actifs().first()
        if existante is not None:
            return existante
    consentement = bool(contact.get("consentement"))
    return Contact.objects.create(
        organisation=organisation, prenom=contact.get("prenom", ""), nom=contact["nom"],
        fonction=contact.get("fonction", ""), email=contact.get("email", ""), telephone=contact.get("telephone", ""),
        base_legale=Contact.BaseLegale.CONSENTEMENT if consentement else Contact.BaseLegale.INTERET_LEGITIME,
        date_consentement=timezone.localdate(maintenant) if consentement else None,
    )


@transaction.atomic
def deposer_demande(territoire, *, sujet, description: str, organisation: Organisation | None = None,
                    nom_entreprise: str = "", etablissement=None, commune=None, contact: dict | None = None,
                    origine: str = Demande.Origine.FORMULAIRE, par=None, ip: str = "",
                    maintenant=None) -> Demande:
    """File a request.

    With an `organisation` (the team, a firm's account), the request is that firm's. Without
    one (the public form), the request never lands on an existing firm, whose users would then
    read a stranger's email, phone and text: it gets an Organisation of its own, and when an
    organisation of the territory has the same establishment, SIRET or name, the new one points
    at it (`doublon_probable`) until the team confirms (`confirmer_rattachement`, a merge) or
    dismisses the link.

    `contact` (prenom, nom, email, telephone, fonction, consentement) is the person to call
    back, with consent as lawful basis when given through the public form.
    """
    maintenant = maintenant or timezone.now()
    public = organisation is None
    if public:
        ressemblante = _firme_ressemblante(territoire, etablissement, nom_entreprise)
        nom = nom_entreprise or (etablissement.nom_affiche(public=False) if etablissement else "")
        organisation = creer_organisation_entreprise(
            territoire, nom=nom, etablissement=etablissement, commune=commune, auteur=par,
            doublon_probable=ressemblante,
        )
    personne = _personne(organisation, contact, maintenant, public) if contact else None
    demande = Demande.objects.create(
        territoire=territoire, organisation=organisation, contact=personne, sujet=sujet, description=description,
        commune=commune or organisation.commune, origine=origine, deposee_le=maintenant,
        deposee_par=par if par is not None and par.is_authenticated else None,
        ip_empreinte=empreinte_ip(ip) if ip else "",
    )
    enregistrer_historique(demande, par, f"Demande déposée ({demande.get_origine_display()})",
                           {"statut": [None, demande.statut]}, le=maintenant, nature=Entree.Nature.CREATION)
    return demande


def rattachement_a_confirmer(demande: Demande) -> Organisation | None:
    """The existing firm an anonymous request resembles, while the team has not settled it."""
    return demande.organisation.doublon_probable if demande.organisation.doublon_probable_id else None


@transaction.atomic
def confirmer_rattachement(demande: Demande, par=None) -> Organisation:
    """The team confirms that an anonymous request's firm is the one it resembles: the firm
    created by the filing is merged into it (every link kept, see reseau.actions.fusion)."""
    organisation = Organisation.objects.select_for_update().get(pk=demande.organisation_id)
    existante = organisation.doublon_probable
    if existante is None:
        raise ValidationError("Cette demande n'a pas de rattachement à confirmer.")
    fusionner_organisations(existante, organisation, auteur=par)
    demande.refresh_from_db()
    enregistrer_historique(demande, par, f"Rattachement confirmé : demande de « {existante.nom} »",
                           {"organisation": [organisation.nom, existante.nom]})
    return existante


def etapes_de(demande: Demande):
    """The request's dated, signed status changes, oldest first (from the shared history)."""
    return historique_de(demande).filter(
        nature__in=(Entree.Nature.CREATION, Entree.Nature.STATUT)
    ).order_by("le", "pk")


def conseillers_pour(territoire, sujet, commune=None, naf: str = "", tranche: str = "") -> list[Conseiller]:
    """The routing rules: the active advisors of the territory whose subjects, communes and
    filters (NAF, band) fit a request about `sujet` from `commune` by a firm of activity
    `naf` and band `tranche`. An unknown commune, activity or band does not narrow.

    One query, whatever the size of the directory.
    """
    qs = Conseiller.objects.filter(
        actif=True, antenne__institution__territoire_id=getattr(territoire, "pk", territoire),
        sujets=getattr(sujet, "pk", sujet),
    )
    if commune is not None:
        qs = qs.filter(communes=getattr(commune, "pk", commune))
    qs = qs.select_related("antenne__institution").distinct().order_by("antenne__institution__nom", "nom", "prenom")
    return [c for c in qs if c.accepte_profil(naf or "", tranche or "")]


def proposer_conseillers(demande: Demande) -> list[Conseiller]:
    """The advisors the routing rules propose for a request (see `conseillers_pour`)."""
    orga = demande.organisation
    return conseillers_pour(demande.territoire_id, demande.sujet_id, demande.commune_id, orga.naf,
                            orga.tranche_effectifs)


@transaction.atomic
def orienter_demande(demande: Demande, conseillers, par=None, maintenant=None) -> list[Orientation]:
    """Confirm the routing of a request to advisors and tell them by email."""
    maintenant = maintenant or timezone.now()
    conseillers = list(conseillers)
    if not conseillers:
        raise ValidationError("Choisissez au moins un conseiller.")
    if demande.close:
        raise ValidationError("Cette demande est clôturée : elle ne peut plus être orientée.")
    deja = set(demande.orientations.values_list("conseiller_id", flat=True))
    nouvelles = [
        Orientation(demande=demande, conseiller=c, confirmee_le=maintenant, confirmee_par=par)
        for c in conseillers if c.pk not in deja
    ]
    Orientation.objects.bulk_create(nouvelles)
    if demande.orientee_le is None:
        demande.orientee_le = maintenant
        demande.save(update_fields=["orientee_le"])
    enregistrer_historique(demande, par, "Demande orientée",
                           {"conseillers": [None, [str(o.conseiller) for o in nouvelles]]}, le=maintenant)
    messages = [
        (
            f"[{demande.territoire.nom}] Nouvelle demande : {demande.sujet}",
            f"Bonjour,\n\nUne demande de {demande.organisation.nom} vous est confiée "
            f"(sujet : {demande.sujet}).\n\n{demande.description}\n\n"
            "Merci de la prendre en charge dans les 5 jours ouvrés.\n",
            settings.DEFAULT_FROM_EMAIL,
            [o.conseiller.courriel],
        )
        for o in nouvelles
    ]
    send_mass_mail(messages, fail_silently=False)
    return nouvelles


@transaction.atomic
def changer_statut(demande: Demande, vers: str, par=None, note: str = "", maintenant=None,
                   base_url: str = "") -> Entree:
    """Move a request along its lifecycle: dated, signed, with its note, in the history."""
    maintenant = maintenant or timezone.now()
    de = Demande.Statut(demande.statut)
    vers = Demande.Statut(vers)
    if vers not in Demande.TRANSITIONS[de]:
        raise ValidationError(f"Une demande « {de.label} » ne peut pas passer à « {vers.label} ».")
    demande.statut = vers
    champs = ["statut"]
    if vers in Demande.STATUTS_PRIS_EN_CHARGE and demande.prise_en_charge_le is None:
        demande.prise_en_charge_le = maintenant
        champs.append("prise_en_charge_le")
    if vers in Demande.STATUTS_CLOS:
        demande.cloturee_le = maintenant
        champs.append("cloturee_le")
    demande.save(update_fields=champs)
    entree = enregistrer_historique(demande, par, f"Statut : {vers.label}", {"statut": [de.value, vers.value]},
                                    le=maintenant, nature=Entree.Nature.STATUT, note=note.strip())
    if vers in Demande.STATUTS_CLOS:
        _inviter_a_repondre(demande, base_url)
    return entree


def jeton_satisfaction(demande: Demande) -> str:
    return signing.dumps(demande.pk, salt=SEL_SATISFACTION)


def demande_du_jeton(jeton: str, max_age_jours: int = 180) -> int | None:
    try:
        return signing.loads(jeton, salt=SEL_SATISFACTION, max_age=timedelta(days=max_age_jours))
    except signing.BadSignature:
        return None


def lien_satisfaction(demande: Demande) -> str:
    return reverse("guichet:satisfaction", kwargs={"territoire": demande.territoire.slug,
                                                    "jeton": jeton_satisfaction(demande)})


def _inviter_a_repondre(demande: Demande, base_url: str = "") -> None:
    """Ask the firm, by email, whether it is satisfied (a signed link, no account needed)."""
    if demande.contact_id is None or not demande.contact.email or demande.satisfaction is not None:
        return
    base = base_url.rstrip("/")
    from django.core.mail import send_mail

    send_mail(
        f"[{demande.territoire.nom}] Votre demande : êtes-vous satisfait ?",
        f"Bonjour,\n\nVotre demande « {demande.sujet} » est close ({demande.get_statut_display()}).\n"
        f"Une question, une minute : {base}{lien_satisfaction(demande)}\n",
        settings.DEFAULT_FROM_EMAIL,
        [demande.contact.email],
    )


def repondre_satisfaction(demande: Demande, note: int, commentaire: str = "", par=None, maintenant=None) -> Demande:
    if not 1 <= int(note) <= 5:
        raise ValidationError("La note va de 1 à 5.")
    demande.satisfaction = int(note)
    demande.satisfaction_commentaire = commentaire
    demande.satisfaction_le = maintenant or timezone.now()
    demande.save(update_fields=["satisfaction", "satisfaction_commentaire", "satisfaction_le"])
    enregistrer_historique(demande, par, "Satisfaction de l'entreprise", {"satisfaction": [None, int(note)]},
                           le=demande.satisfaction_le)
    return demande


def envoyer_relances(territoire=None, maintenant=None) -> list[Relance]:
    """Remind the advisors of every open routed request at 9, 21 and 45 days after routing.

    Each step is sent once (a Relance row per step); running it twice sends nothing more.
    A request that was late for several steps gets only the latest one.
    """
    maintenant = maintenant or timezone.now()
    qs = Demande.objects.ouvertes().filter(orientee_le__isnull=False).select_related("sujet", "organisation", "territoire")
    if territoire is not None:
        qs = qs.filter(territoire=territoire)
    qs = qs.filter(orientee_le__lte=maintenant - timedelta(days=PALIERS_RELANCE[0]))
    demandes = list(qs.prefetch_related("relances", "orientations__conseiller"))
    envoyees, messages = [], []
    for demande in demandes:
        jours = (maintenant - demande.orientee_le).days
        atteints = [p for p in PALIERS_RELANCE if p <= jours]
        faits = {r.palier for r in demande.relances.all()}
        if not atteints or atteints[-1] in faits:
            continue
        palier = atteints[-1]
        adresses = sorted({o.conseiller.courriel for o in demande.orientations.all() if o.conseiller.courriel})
        etat = "n'est pas encore prise en charge" if demande.statut == Demande.Statut.NOUVELLE else "n'est pas encore close"
        messages.append((
            f"[{demande.territoire.nom}] Relance J+{palier} : demande n° {demande.pk}",
            f"Bonjour,\n\nLa demande de {demande.organisation.nom} ({demande.sujet}), qui vous a été confiée "
            f"il y a {jours} jours, {etat}.\nMerci d'indiquer où elle en est.\n",
            settings.DEFAULT_FROM_EMAIL,
            adresses,
        ))
        envoyees.append(Relance(demande=demande, palier=palier, envoyee_le=maintenant, destinataires=len(adresses)))
    with transaction.atomic():
        Relance.objects.bulk_create(envoyees)
        send_mass_mail([m for m in messages if m[3]], fail_silently=False)
    return envoyees


def proposer_aide(demande: Demande, dispositif, par=None) -> AideProposee:
    aide, cree = AideProposee.objects.get_or_create(demande=demande, dispositif=dispositif)
    if cree:
        enregistrer_historique(demande, par, f"Aide proposée : {dispositif.nom}")
    return aide


def noter_issue_aide(aide: AideProposee, issue: str, montant=None, par=None) -> AideProposee:
    avant = {"issue": aide.issue, "montant": str(aide.montant) if aide.montant is not None else None}
    aide.issue = issue
    aide.montant = montant
    aide.full_clean()
    aide.save()
    apres = {"issue": issue, "montant": str(montant) if montant is not None else None}
    enregistrer_historique(aide.demande, par, f"Aide « {aide.dispositif.nom} » : {aide.get_issue_display()}",
                           {k: v for k, v in {k: [avant[k], apres[k]] for k in apres}.items() if v[0] != v[1]})
    return aide
