"""`importer_offres`: France Travail "Offres d'emploi v2" results into a territory's offers.

The file is JSON: either an array of offer objects (what the real samples are) or the API's
envelope `{"resultats": [...]}`. Offers are kept when their workplace commune
(`lieuTravail.commune`) is one of the territory's; they are keyed by their France Travail
`id` (an existing one is updated, an unchanged one left alone) and linked to the firm by
SIRET when the offer gives one. An open France Travail offer of the territory missing from
the file is closed — unless `partiel=True` (a file that is only an extract, one ROME code for
instance). One transaction: a refused file changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from territoire.etablissements.identifiants import siret_valide

from .lheo.lecture import FichierRefuse, Probleme
from .models import ImportRecrutement, OffreEmploi
from .referentiels import message_rome_inconnu, repertoire_rome

ROME = re.compile(r"^[A-N][0-9]{4}$")
TAILLE_MAX_OCTETS = 512 * 1024 * 1024
ERREURS_GARDEES = 500


def lire_json(chemin: Path) -> list:
    """The list of offer objects of the file, or FichierRefuse with a message that helps."""
    taille = chemin.stat().st_size
    if taille == 0:
        raise FichierRefuse("Le fichier est vide : attendu un JSON d'offres France Travail.")
    if taille > TAILLE_MAX_OCTETS:
        raise FichierRefuse(f"Fichier de {taille / 1e6:.0f} Mo : au-delà de {TAILLE_MAX_OCTETS // (1024 * 1024)} Mo, "
                            "découpez-le (l'API de France Travail rend des pages de 150 offres).")
    with open(chemin, "rb") as fh:
        brut = fh.read()
    try:
        donnees = json.loads(brut)
    except UnicodeDecodeError as exc:
        raise FichierRefuse(f"Encodage illisible (octet {exc.start}) : le JSON doit être en UTF-8. Rien n'a été importé.") from exc
    except json.JSONDecodeError as exc:
        raise FichierRefuse(f"JSON invalide ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}. Rien n'a été importé.") from exc
    if isinstance(donnees, dict):
        if "resultats" not in donnees:
            raise FichierRefuse("Objet JSON sans clé « resultats » : attendu la réponse de l'API Offres d'emploi v2 "
                                "({\"resultats\": [...]}) ou un tableau d'offres.")
        donnees = donnees["resultats"]
    if not isinstance(donnees, list):
        raise FichierRefuse("Attendu un tableau d'offres (ou {\"resultats\": [...]}) : ce JSON n'en est pas un.")
    return donnees


def _date(texte) -> datetime | None:
    if not texte or not isinstance(texte, str):
        return None
    try:
        valeur = datetime.fromisoformat(texte.replace("Z", "+00:00"))
    except ValueError:
        return None
    return valeur if timezone.is_aware(valeur) else timezone.make_aware(valeur)


def _texte(valeur, longueur: int) -> str:
    return " ".join(str(valeur).split())[:longueur] if isinstance(valeur, (str, int, float)) else ""


def transformer(rang: int, objet) -> dict | Probleme:
    """One offer object → the fields of an OffreEmploi (pure; `rang` is its place in the file)."""
    if not isinstance(objet, dict):
        return Probleme(None, f"n° {rang}", "Élément qui n'est pas un objet d'offre : ignoré.")
    identifiant = _texte(objet.get("id"), 40)
    if not identifiant:
        return Probleme(None, f"n° {rang}", "Offre sans identifiant (« id ») : ignorée.")
    rome = _texte(objet.get("romeCode"), 10).upper()
    if not ROME.match(rome):
        return Probleme(None, identifiant, f"Code ROME « {rome[:12]} » absent ou mal formé (attendu une lettre puis "
                        "quatre chiffres) : offre ignorée.")
    lieu = objet.get("lieuTravail") if isinstance(objet.get("lieuTravail"), dict) else {}
    entreprise = objet.get("entreprise") if isinstance(objet.get("entreprise"), dict) else {}
    origine = objet.get("origineOffre") if isinstance(objet.get("origineOffre"), dict) else {}
    siret = _texte(entreprise.get("siret"), 20).replace(" ", "")
    avertissement = None
    if siret and not siret_valide(siret):
        avertissement = Probleme(None, identifiant, f"SIRET « {siret} » invalide (clé de Luhn) : l'offre est gardée "
                                 "sans lien vers l'entreprise.", "avertissement")
        siret = ""
    url = _texte(origine.get("urlOrigine"), 500)
    postes = objet.get("nombrePostes")
    champs = {
        "identifiant": identifiant,
        "intitule": _texte(objet.get("intitule"), 255) or "Offre sans intitulé",
        "description": str(objet.get("description") or "")[:20000],
        "rome": rome,
        "rome_libelle": _texte(objet.get("romeLibelle"), 255),
        "type_contrat": _texte(objet.get("typeContrat"), 10),
        "type_contrat_libelle": _texte(objet.get("typeContratLibelle"), 100),
        "alternance": objet.get("alternance") is True,
        "nombre_postes": postes if isinstance(postes, int) and 1 <= postes <= 999 else 1,
        "code_commune": _texte(lieu.get("commune"), 5),
        "lieu": _texte(lieu.get("libelle"), 200),
        "siret": siret,
        "entreprise_nom": _texte(entreprise.get("nom"), 255),
        "naf": _texte(objet.get("codeNAF"), 6),
        "qualification": _texte(objet.get("qualificationLibelle"), 100),
        "experience": _texte(objet.get("experienceLibelle"), 100),
        "url": url if url.startswith(("http://", "https://")) else "",
        "date_creation": _date(objet.get("dateCreation")),
        "date_actualisation": _date(objet.get("dateActualisation")),
    }
    champs["empreinte"] = hashlib.sha256(json.dumps(champs, sort_keys=True, default=str).encode()).hexdigest()
    champs["_avertissement"] = avertissement
    return champs


def importer_offres(territoire, chemin: str | os.PathLike, *, auteur=None, partiel: bool = False,
                    source: str | None = None, avancement=None) -> ImportRecrutement:
    """Import the file; returns the run. `source`: the name shown (by default the file's);
    `avancement(part)`: called along the offers with the part written (0 to 1)."""
    from territoire.observatoire.cache import invalider_chiffres

    chemin = Path(chemin)
    run = ImportRecrutement(territoire=territoire, type=ImportRecrutement.Type.OFFRES, source=(source or chemin.name)[:500],
                            debut=timezone.now(), statut=ImportRecrutement.Statut.REFUSE,
                            lance_par=auteur if getattr(auteur, "is_authenticated", False) else None)
    try:
        objets = lire_json(chemin)
        with transaction.atomic():
            _ecrire(territoire, run, objets, auteur, partiel, avancement)
            run.statut = ImportRecrutement.Statut.REUSSI
            run.fin = timezone.now()
            run.save()
            invalider_chiffres()
    except FichierRefuse as exc:
        run.message = str(exc)
        run.fin = timezone.now()
        run.save()
    except OSError as exc:
        run.message = f"Fichier illisible : {exc.strerror or exc}. Rien n'a été importé."
        run.fin = timezone.now()
        run.save()
    return run


def _noter(run, probleme: Probleme) -> None:
    if probleme.niveau == "erreur":
        run.en_erreur += 1
    if len(run.erreurs) < ERREURS_GARDEES:
        run.erreurs.append(probleme.en_dict())


def _ecrire(territoire, run, objets: list, auteur, partiel: bool, avancement=None) -> None:
    communes = dict(territoire.communes.values_list("code_insee", "pk"))
    existants = {i: (pk, e) for i, pk, e in OffreEmploi.objects.filter(territoire=territoire)
                 .values_list("identifiant", "pk", "empreinte")}
    entreprises = Entreprises(territoire, auteur)
    repertoire = repertoire_rome()
    vus, a_creer, maintenant = set(), [], timezone.now()
    for rang, objet in enumerate(objets, 1):
        run.lus += 1
        if avancement is not None and rang % 1000 == 0:
            avancement(rang / len(objets))
        lieu = objet.get("lieuTravail") if isinstance(objet, dict) else None
        if isinstance(lieu, dict) and isinstance(lieu.get("commune"), str) and lieu["commune"] not in communes:
            run.hors_territoire += 1  # not on the territory: not examined further
            continue
        champs = transformer(rang, objet)
        if isinstance(champs, Probleme):
            _noter(run, champs)
            continue
        avertissement = champs.pop("_avertissement")
        if champs["code_commune"] not in communes:
            run.hors_territoire += 1
            continue
        if champs["identifiant"] in vus:
            _noter(run, Probleme(None, champs["identifiant"], "Offre en double dans le fichier : la seconde est ignorée."))
            continue
        vus.add(champs["identifiant"])
        if avertissement:
            _noter(run, avertissement)
        if repertoire and champs["rome"] not in repertoire:
            _noter(run, Probleme(None, champs["identifiant"], message_rome_inconnu(
                champs["rome"], "offre gardée, vérifiez-le."), "avertissement"))
        champs["commune_id"] = communes[champs["code_commune"]]
        existant = existants.get(champs["identifiant"])
        if existant and existant[1] == champs["empreinte"]:
            OffreEmploi.objects.filter(pk=existant[0], ouverte=False).update(ouverte=True, close_le=None)
            run.inchanges += 1
            continue
        champs["organisation_id"] = entreprises.organisation_id(champs["siret"], champs["entreprise_nom"])
        if existant:
            OffreEmploi.objects.filter(pk=existant[0]).update(**champs, ouverte=True, close_le=None, dernier_import=None)
            run.mis_a_jour += 1
        else:
            a_creer.append(OffreEmploi(territoire=territoire, source=OffreEmploi.Source.FRANCE_TRAVAIL, **champs))
            run.crees += 1
    OffreEmploi.objects.bulk_create(a_creer, batch_size=500)
    if not partiel:
        run.archives = (OffreEmploi.objects.filter(territoire=territoire, source=OffreEmploi.Source.FRANCE_TRAVAIL,
                                                   ouverte=True).exclude(identifiant__in=vus)
                        .update(ouverte=False, close_le=maintenant))


class Entreprises:
    """Firms by SIRET: the territory's Organisation, else one created for a census establishment."""

    def __init__(self, territoire, auteur):
        from territoire.reseau.models import Organisation

        self.territoire, self.auteur = territoire, auteur
        self.par_siret = dict(Organisation.objects.du_territoire(territoire).exclude(siret="").values_list("siret", "pk"))

    def organisation_id(self, siret: str, nom: str) -> int | None:
        if not siret:
            return None
        if siret not in self.par_siret:
            from territoire.etablissements.models import Etablissement
            from territoire.reseau.actions import creer_organisation_entreprise

            etablissement = Etablissement.objects.filter(siret=siret, commune__territoires=self.territoire).first()
            if etablissement is None:
                self.par_siret[siret] = None
            else:
                orga = creer_organisation_entreprise(self.territoire, nom=etablissement.nom_affiche(public=False),
                                                     etablissement=etablissement, auteur=self.auteur,
                                                     fictif=etablissement.fictif)
                self.par_siret[siret] = orga.pk
        return self.par_siret[siret]
