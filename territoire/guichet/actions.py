"""Writes of the desk: file, route, take in charge, close, remind, satisfaction, aids.

Views, forms, the public form, the `relances` command and the demo all call these.
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

from territoire.reseau.actions import creer_organisation_entreprise, enregistrer_historique
from territoire.reseau.models import Contact, Organisation

from .models import AideProposee, Conseiller, Demande, Orientation, Relance, Transition

PALIERS_RELANCE = (9, 21, 45)
SEL_SATISFACTION = "guichet.satisfaction"


def empreinte_ip(ip: str) -> str:
    """A keyed hash of an IP address: enough to rate-limit, useless to identify anyone."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


def depots_recents(ip: str, depuis_minutes: int = 60) -> int:
    depuis = timezone.now() - timedelta(minutes=depuis_minutes)
    return Demande.objects.filter(ip_empreinte=empreinte_ip(ip), deposee_le__gte=depuis).count()


@transaction.atomic
def deposer_demande(territoire, *, sujet, description: str, organisation: Organisation | None = None,
                    nom_entreprise: str = "", etablissement=None, commune=None, contact: dict | None = None,
                    origine: str = Demande.Origine.FORMULAIRE, par=None, ip: str = "",
                    maintenant=None) -> Demande:
    """File a request. Without an organisation, find the firm by its establishment or create it.

    `contact` (prenom, nom, email, telephone, fonction, consentement) creates the person to call
    back, with consent as lawful basis when given through the public form.
    """
    maintenant = maintenant or timezone.now()
    if organisation is None and etablissement is not None:
        organisation = (
            Organisation.objects.du_territoire(territoire).filter(etablissement=etablissement).first()
            or Organisation.objects.du_territoire(territoire).filter(siret=etablissement.siret).first()
        )
    if organisation is None and nom_entreprise:
        # The same firm filing again without its SIRET: same name (any case) in the territory.
        organisation = (
            Organisation.objects.du_territoire(territoire).entreprises().filter(nom__iexact=nom_entreprise.strip())
            .order_by("pk").first()
        )
    if organisation is None:
        organisation = creer_organisation_entreprise(
            territoire, nom=nom_entreprise or (etablissement.nom_affiche(public=False) if etablissement else ""),
            etablissement=etablissement, commune=commune, auteur=par,
        )
    personne = None
    if contact and contact.get("email"):
        personne = Contact.objects.filter(organisation=organisation, email__iexact=contact["email"]).actifs().first()
        if personne is not None and contact.get("consentement"):
            personne.base_legale = Contact.BaseLegale.CONSENTEMENT
            personne.date_consentement = timezone.localdate(maintenant)
            personne.save(update_fields=["base_legale", "date_consentement", "modifie_le"])
    if contact and personne is None:
        personne = Contact.objects.create(
            organisation=organisation, prenom=contact.get("prenom", ""), nom=contact["nom"],
            fonction=contact.get("fonction", ""), email=contact.get("email", ""),
            telephone=contact.get("telephone", ""),
            base_legale=Contact.BaseLegale.CONSENTEMENT if contact.get("consentement") else Contact.BaseLegale.INTERET_LEGITIME,
            date_consentement=timezone.localdate(maintenant) if contact.get("consentement") else None,
        )
    demande = Demande.objects.create(
        territoire=territoire, organisation=organisation, contact=personne, sujet=sujet, description=description,
        commune=commune or organisation.commune, origine=origine, deposee_le=maintenant,
        deposee_par=par if par is not None and par.is_authenticated else None,
        ip_empreinte=empreinte_ip(ip) if ip else "",
    )
    Transition.objects.create(demande=demande, de="", vers=Demande.Statut.NOUVELLE, le=maintenant,
                              par=demande.deposee_par, note=f"Déposée ({demande.get_origine_display()})")
    enregistrer_historique(demande, par, "Demande déposée", {"statut": [None, demande.statut]}, le=maintenant)
    return demande


def proposer_conseillers(demande: Demande) -> list[Conseiller]:
    """The advisors whose subjects, communes and filters (NAF, band) fit the request.

    One query, whatever the size of the directory or the number of requests.
    """
    qs = Conseiller.objects.filter(
        actif=True, antenne__institution__territoire_id=demande.territoire_id, sujets=demande.sujet_id
    )
    if demande.commune_id:
        qs = qs.filter(communes=demande.commune_id)
    qs = qs.select_related("antenne__institution").distinct().order_by("antenne__institution__nom", "nom")
    orga = demande.organisation
    return [c for c in qs if c.accepte_profil(orga.naf, orga.tranche_effectifs)]


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
                   base_url: str = "") -> Transition:
    """Move a request along its lifecycle; dated, signed, in the history."""
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
    transition = Transition.objects.create(demande=demande, de=de, vers=vers, le=maintenant, par=par, note=note)
    enregistrer_historique(demande, par, f"Statut : {vers.label}", {"statut": [de.value, vers.value]},
                           le=maintenant)
    if vers in Demande.STATUTS_CLOS:
        _inviter_a_repondre(demande, base_url)
    return transition


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
