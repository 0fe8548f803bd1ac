"""Contacts: create and edit with their lawful basis; export and erase on request (GDPR).

A GET never writes: the export page says what the file holds and its button posts; the
erasure page lists the person's mentions in free text, to redact, and its button posts.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from territoire.comptes.vues import vue_territoire

from .. import actions
from ..forms import ContactForm
from ..models import Contact, Organisation
from ._commun import fil_organisations, url
from .organisations import _erreurs_dans


def _contact(request, pk) -> Contact:
    return get_object_or_404(Contact.objects.for_user(request.user, request.territoire).select_related("organisation"),
                             pk=pk)


def _fil(territoire, contact_ou_orga, titre):
    orga = contact_ou_orga if isinstance(contact_ou_orga, Organisation) else contact_ou_orga.organisation
    return fil_organisations(territoire, (orga.nom, url("organisation", territoire, pk=orga.pk)), (titre, None))


def _formulaire(request, orga: Organisation, contact: Contact | None):
    territoire = request.territoire
    # A copy for the form: validating writes into the instance, the action compares with the original.
    form = ContactForm(request.POST or None, instance=Contact.objects.get(pk=contact.pk) if contact else None)
    if request.method == "POST" and form.is_valid():
        try:
            if contact is None:
                contact = actions.creer_contact(orga, auteur=request.user, **form.cleaned_data)
                messages.success(request, f"Contact « {contact} » ajouté.")
            else:
                actions.modifier_contact(contact, request.user, **form.cleaned_data)
                messages.success(request, "Contact modifié ; le changement est dans son historique.")
            return redirect(url("organisation", territoire, pk=orga.pk) + "#contacts")
        except ValidationError as exc:
            _erreurs_dans(form, exc)
    titre = "Nouveau contact" if contact is None else f"Modifier le contact « {contact} »"
    return render(request, "reseau/contact_form.html", {
        "territoire": territoire, "form": form, "organisation": orga, "contact": contact, "titre": titre,
        "historique": actions.historique_de(contact) if contact else [],
        "annuler": url("organisation", territoire, pk=orga.pk) + "#contacts", "fil": _fil(territoire, orga, titre),
    }, status=400 if form.is_bound and form.errors else 200)


@vue_territoire("equipe")
def contact_nouveau(request, pk: int):
    orga = get_object_or_404(Organisation.objects.for_user(request.user, request.territoire), pk=pk)
    return _formulaire(request, orga, None)


@vue_territoire("equipe")
def contact_modifier(request, pk: int):
    contact = _contact(request, pk)
    if contact.efface_le:
        messages.error(request, "Les données de cette personne ont été effacées : la fiche ne se modifie plus.")
        return redirect(url("organisation", request.territoire, pk=contact.organisation_id))
    return _formulaire(request, contact.organisation, contact)


@vue_territoire("equipe")
def contact_export(request, pk: int):
    """GET: what the export holds (writes nothing). POST: the file, and its history entry."""
    territoire = request.territoire
    contact = _contact(request, pk)
    donnees = actions.exporter_contact(contact)
    if request.method == "POST":
        actions.noter_export_contact(contact, request.user)
        corps = json.dumps(donnees, ensure_ascii=False, indent=2)
        reponse = HttpResponse(corps.encode("utf-8"), content_type="application/json; charset=utf-8")
        reponse["Content-Disposition"] = f'attachment; filename="donnees-personnelles-{contact.pk}.json"'
        return reponse
    return render(request, "reseau/contact_export.html", {
        "territoire": territoire, "contact": contact, "donnees": donnees,
        "fil": _fil(territoire, contact, "Exporter les données d'une personne"),
    })


@vue_territoire("equipe")
def contact_effacer(request, pk: int):
    """GET: the person's data and their mentions in free text (writes nothing). POST: erase,
    redacting the mentions ticked."""
    territoire = request.territoire
    contact = _contact(request, pk)
    if contact.efface_le:
        messages.info(request, "Les données de cette personne sont déjà effacées.")
        return redirect(url("organisation", territoire, pk=contact.organisation_id) + "#contacts")
    mentions = actions.mentions_de(contact, territoire)
    if request.method == "POST":
        cles = {m.cle for m in mentions}
        choisies = [c for c in request.POST.getlist("expurger") if c in cles]
        actions.effacer_contact(contact, request.user, territoire=territoire, expurger=choisies)
        messages.success(request, "Les données de la personne ont été effacées"
                                  + (f", ainsi que {len(choisies)} mention{'s' if len(choisies) > 1 else ''} dans des textes"
                                     if choisies else "") + " ; l'historique garde sa forme.")
        return redirect(url("organisation", territoire, pk=contact.organisation_id) + "#contacts")
    return render(request, "reseau/contact_effacer.html", {
        "territoire": territoire, "contact": contact, "mentions": mentions,
        "cherchees": actions.mentions_cherchees(contact),
        "fil": _fil(territoire, contact, "Effacer les données d'une personne"),
    })
