"""`importer_lheo`: an LHEO file into a territory's training catalogue, in one transaction.

Idempotent on `formation/@numero`: an unchanged offer is not rewritten (content hash), a
changed one is updated (its actions and sessions replaced), an offer of the same source that
is missing from the file is archived (never deleted), and one that comes back is restored.
Offers with an error are reported with their line and skipped — and never archived, since
they are in the file. A file that is refused (not XML, not LHEO, DTD, broken encoding) rolls
everything back: the previous catalogue stays as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from ..classement import classeur_en_vigueur, codes_de
from ..geographie import Geographie
from ..models import ActionFormation, Formation, FormationRome, ImportRecrutement, SessionFormation
from ..rapprochement import romes_deduits
from ..referentiels import message_rome_inconnu, repertoire_rome
from .lecture import FichierRefuse, HorsZone, Inchangee, OffreLue, Probleme, lire_fichier

PAQUET = 500
ERREURS_GARDEES = 500


class Organismes:
    """Training bodies by SIRET: an existing Organisation of the territory, or a new one of
    type `formation` (linked to its census establishment when there is one)."""

    def __init__(self, territoire, auteur):
        from territoire.reseau.models import Organisation

        self.territoire, self.auteur = territoire, auteur
        self.par_siret = dict(Organisation.objects.du_territoire(territoire).exclude(siret="")
                              .values_list("siret", "pk"))
        self.par_nom = dict(Organisation.objects.du_territoire(territoire).filter(type="formation", siret="")
                            .values_list("nom", "pk"))
        self.crees = 0

    def organisation_id(self, organisme: dict, geographie: Geographie) -> int | None:
        siret, nom = organisme["siret"], organisme["nom"]
        if siret and siret in self.par_siret:
            return self.par_siret[siret]
        if not siret and nom in self.par_nom:
            return self.par_nom[nom]
        if not nom:
            return None
        pk = self._creer(organisme, geographie)
        if siret:
            self.par_siret[siret] = pk
        else:
            self.par_nom[nom] = pk
        return pk

    def _creer(self, organisme: dict, geographie: Geographie) -> int:
        from django.core.exceptions import ValidationError
        from django.core.validators import URLValidator

        from territoire.etablissements.models import Etablissement
        from territoire.referentiel.models import Commune
        from territoire.reseau.actions import creer_organisation

        etablissement = Etablissement.objects.filter(siret=organisme["siret"]).first() if organisme["siret"] else None
        site_web = organisme["site_web"]
        try:
            URLValidator()(site_web)
        except ValidationError:
            site_web = ""
        orga = creer_organisation(
            self.territoire, auteur=self.auteur, nom=organisme["nom"][:250], type="formation",
            siret=organisme["siret"], etablissement=etablissement, site_web=site_web[:200],
            commune=Commune.objects.filter(pk=geographie.commune_id(organisme["code_commune"])).first(),
        )
        self.crees += 1
        return orga.pk


def importer_lheo(territoire, chemin: str | os.PathLike, *, source: str | None = None, auteur=None,
                  rayon_km: float | None = None, tout: bool = False,
                  progression: Callable[[int], None] | None = None,
                  avancement: Callable[[float], None] | None = None) -> ImportRecrutement:
    """Import the file; returns the run (statut `refuse` with its message when refused).

    `rayon_km`: offers with no action on the territory, within this distance or entirely at a
    distance are left out (counted as `hors_territoire`); `tout=True` keeps every offer.
    `progression(n)` is called every 1,000 offers read; `avancement(part)` too, with the part
    of the file read (0 to 1, from the reader's position in the file).
    """
    from territoire.observatoire.cache import invalider_chiffres

    chemin = Path(chemin)
    source = source or chemin.name
    run = ImportRecrutement(territoire=territoire, type=ImportRecrutement.Type.LHEO, source=source[:500],
                            debut=timezone.now(), statut=ImportRecrutement.Statut.REFUSE,
                            lance_par=auteur if getattr(auteur, "is_authenticated", False) else None)
    try:
        with open(chemin, "rb") as fh, transaction.atomic():
            ecriture = _Ecriture(territoire, run, source, auteur, rayon_km, tout, progression)
            if avancement is not None:
                taille = max(1, os.fstat(fh.fileno()).st_size)
                ecriture.avancement = lambda: avancement(min(1.0, fh.tell() / taille))
            version, offres = lire_fichier(fh, None if tout else ecriture.garder, ecriture.connue)
            run.version = version
            ecriture.tout_ecrire(offres)
            run.statut = ImportRecrutement.Statut.REUSSI
            run.fin = timezone.now()
            run.save()
            invalider_chiffres()
    except FichierRefuse as exc:
        run.message = str(exc)
        run.crees = run.mis_a_jour = run.inchanges = run.archives = 0
        run.fin = timezone.now()
        run.save()
    except OSError as exc:
        run.message = f"Fichier illisible : {exc.strerror or exc}. Rien n'a été importé."
        run.fin = timezone.now()
        run.save()
    return run


class _Ecriture:
    """The writes of one import: offers are buffered and written PAQUET at a time (plain
    INSERT and UPDATE statements, a fixed number of queries per batch whatever its size)."""

    def __init__(self, territoire, run, source, auteur, rayon_km, tout, progression):
        self.territoire, self.run, self.source = territoire, run, source
        self.rayon_km, self.tout, self.progression = rayon_km, tout, progression
        self.geographie = Geographie(territoire)
        self.organismes = Organismes(territoire, auteur)
        self.classeur = classeur_en_vigueur()
        self._classements: dict[tuple, object] = {}
        self.existants = {numero: (pk, empreinte, archivee is not None) for numero, pk, empreinte, archivee in
                          Formation.objects.filter(territoire=territoire)
                          .values_list("numero", "pk", "empreinte", "archivee_le")}
        self.vus: set[str] = set()
        self.nouvelles: list[tuple[dict, OffreLue]] = []
        self.modifiees: list[tuple[int, dict, OffreLue]] = []
        self.restaurer: list[int] = []
        self.maintenant = timezone.now()
        self.formations = _Table(Formation)
        self.avancement = None
        self.repertoire = repertoire_rome()

    def connue(self, numero: str, empreinte: str) -> bool:
        """The reader's question: does the catalogue hold this offer with this very content?"""
        existant = self.existants.get(numero)
        return existant is not None and existant[1] == empreinte and numero not in self.vus

    def tout_ecrire(self, offres) -> None:
        for n, offre in enumerate(offres, 1):
            self.run.lus += 1
            if isinstance(offre, HorsZone):
                self.run.hors_territoire += 1
            elif isinstance(offre, Inchangee):
                self._inchangee(self.existants[offre.numero])
                self.vus.add(offre.numero)
            elif isinstance(offre, Probleme):
                self._noter(offre)
                self.vus.add(offre.numero)
            else:
                self._offre(offre)
            if len(self.nouvelles) + len(self.modifiees) >= PAQUET:
                self._vider()
            if n % 1000 == 0:
                if self.progression:
                    self.progression(n)
                if self.avancement:
                    self.avancement()
        self._vider()
        if self.restaurer:
            for debut in range(0, len(self.restaurer), PAQUET):
                Formation.objects.filter(pk__in=self.restaurer[debut:debut + PAQUET]).update(archivee_le=None)
        disparues = (Formation.objects.filter(territoire=self.territoire, source=Formation.Source.LHEO,
                                              fichier=self.source[:300], archivee_le__isnull=True)
                     .exclude(numero__in=self.vus))
        self.run.archives = disparues.update(archivee_le=self.maintenant)

    def _noter(self, probleme: Probleme) -> None:
        if probleme.niveau == "erreur":
            self.run.en_erreur += 1
        if len(self.run.erreurs) < ERREURS_GARDEES:
            self.run.erreurs.append(probleme.en_dict())

    def _inchangee(self, existant: tuple) -> None:
        self.run.inchanges += 1
        if existant[2]:
            self.restaurer.append(existant[0])

    def _offre(self, offre: OffreLue) -> None:
        for a in offre.actions:
            a["distance_km"] = self.geographie.distance(a["code_commune"], a["latitude"], a["longitude"])
        if not self.tout and not self._dans_la_zone(offre):
            self.run.hors_territoire += 1
            return
        if offre.numero in self.vus:
            self._noter(Probleme(offre.ligne, offre.numero, "Identifiant déjà vu plus haut dans le fichier : "
                                 "cette seconde offre est ignorée."))
            return
        self.vus.add(offre.numero)
        for avertissement in offre.avertissements:
            self._noter(avertissement)
        if self.repertoire:
            for code in offre.romes:
                if code not in self.repertoire:
                    self._noter(Probleme(offre.ligne, offre.numero, message_rome_inconnu(
                        code, "gardé sur la formation, vérifiez-le."), "avertissement"))
        existant = self.existants.get(offre.numero)
        if existant and existant[1] == offre.empreinte:
            self._inchangee(existant)
            return
        champs = self._champs(offre)
        if existant:
            self.modifiees.append((existant[0], champs, offre))
            self.run.mis_a_jour += 1
        else:
            self.nouvelles.append((champs, offre))
            self.run.crees += 1

    def garder(self, lieux: list[tuple]) -> bool:
        """Whether an offer with these places (commune, modality, lat, lon) is kept."""
        for code, modalite, latitude, longitude in lieux:
            if modalite == "2" or code in self.geographie.communes:
                return True
            if self.rayon_km is not None:
                d = self.geographie.distance(code, latitude, longitude)
                if d is not None and d <= self.rayon_km:
                    return True
        return False

    def _dans_la_zone(self, offre: OffreLue) -> bool:
        for a in offre.actions:
            d = a["distance_km"]
            if a["modalite"] == "2" or d == 0 or (self.rayon_km is not None and d is not None and d <= self.rayon_km):
                return True
        return False

    def _classer(self, codes: dict):
        cle = tuple(tuple(v) for v in codes.values())
        trouve = self._classements.get(cle)
        if trouve is None:
            trouve = self._classements[cle] = self.classeur.classer(codes)
        return trouve

    def _champs(self, offre: OffreLue) -> dict:
        """The Formation's columns (by attribute name) for this offer."""
        classement = self._classer(codes_de({**offre.formation, "romes": ",".join(offre.romes)}))
        return {
            **offre.formation, "romes": ",".join(offre.romes)[:200], "source": Formation.Source.LHEO,
            "fichier": self.source[:300], "version_lheo": self.run.version, "empreinte": offre.empreinte,
            "organisme_id": self.organismes.organisation_id(offre.organisme, self.geographie),
            "organisme_nom": offre.organisme["nom"][:255], "organisme_siret": offre.organisme["siret"],
            "industrielle": classement.industrielle, "filiere_id": classement.filiere_id,
            "raison_classement": classement.raison, "archivee_le": None, "modifiee_le": self.maintenant,
        }

    def _vider(self) -> None:
        """Write the buffered offers: INSERT the new, UPDATE the changed (their actions, sessions
        and ROME codes replaced), then their children — about ten queries per batch."""
        if not self.nouvelles and not self.modifiees:
            return
        couples = []
        if self.nouvelles:
            communs = {"territoire_id": self.territoire.pk, "creee_le": self.maintenant}
            self.formations.inserer([{**communs, "numero": offre.numero, **champs} for champs, offre in self.nouvelles])
            numeros = [offre.numero for _, offre in self.nouvelles]
            cles = dict(Formation.objects.filter(territoire=self.territoire, numero__in=numeros).values_list("numero", "pk"))
            couples += [(cles[offre.numero], offre) for _, offre in self.nouvelles]
        if self.modifiees:
            pks = [pk for pk, _, _ in self.modifiees]
            self.formations.modifier([(pk, champs) for pk, champs, _ in self.modifiees])
            ActionFormation.objects.filter(formation_id__in=pks).delete()
            FormationRome.objects.filter(formation_id__in=pks).delete()
            couples += [(pk, offre) for pk, _, offre in self.modifiees]
        self._enfants(couples)
        self.nouvelles, self.modifiees = [], []

    def _enfants(self, couples: list[tuple[int, OffreLue]]) -> None:
        romes, actions = [], []
        for pk, offre in couples:
            romes += [(pk, code, False) for code in offre.romes]
            if not offre.romes:
                romes += [(pk, code, True) for code in romes_deduits(offre.formation["intitule"])]
            for a in offre.actions:
                actions.append((
                    pk, a["numero"], a["code_commune"], self.geographie.commune_id(a["code_commune"]), a["ville"],
                    a["lieu"], a["latitude"], a["longitude"], a["distance_km"], a["rythme"], a["modalite"],
                    a["alternance"], a["financeurs"], a["url"],
                ))
        _inserer(FormationRome, ("formation", "rome", "deduit"), romes)
        _inserer(ActionFormation, ("formation", "numero", "code_commune", "commune", "ville", "lieu", "latitude",
                                   "longitude", "distance_km", "rythme", "modalite", "alternance", "financeurs", "url"),
                 actions)
        # The actions' keys, in insertion order per training (keys grow with each INSERT).
        cles: dict[int, list[int]] = {}
        for pk, formation_id in (ActionFormation.objects.filter(formation_id__in=[pk for pk, _ in couples])
                                 .order_by("pk").values_list("pk", "formation_id")):
            cles.setdefault(formation_id, []).append(pk)
        date_en_base = connection.ops.adapt_datefield_value
        sessions = []
        for pk, offre in couples:
            for action_id, a in zip(cles.get(pk, []), offre.actions, strict=True):
                sessions += [(action_id, s["numero"], date_en_base(s["debut"]), date_en_base(s["fin"]), s["etat"])
                             for s in a["sessions"]]
        _inserer(SessionFormation, ("action", "numero", "debut", "fin", "etat"), sessions)


class _Table:
    """Plain INSERT and UPDATE of a model's rows from dicts keyed by attribute name (fields
    left out take their default): the ORM's `bulk_create` builds a model instance and prepares
    every value of every field, most of an import's cost."""

    def __init__(self, modele):
        self.modele = modele
        self.champs = [f for f in modele._meta.concrete_fields if not f.primary_key]
        self.defauts = {f.attname: f.get_default() for f in self.champs}
        self.adaptateurs = {f.attname: _adaptateur(f) for f in self.champs}
        self.table = connection.ops.quote_name(modele._meta.db_table)

    def inserer(self, lignes: list[dict]) -> None:
        noms = [f.attname for f in self.champs]
        colonnes = ", ".join(connection.ops.quote_name(f.column) for f in self.champs)
        requete = f"INSERT INTO {self.table} ({colonnes}) VALUES ({', '.join(['%s'] * len(noms))})"
        valeurs = [tuple(self._valeur(nom, ligne.get(nom, self.defauts[nom])) for nom in noms) for ligne in lignes]
        with connection.cursor() as curseur:
            curseur.executemany(requete, valeurs)

    def modifier(self, lignes: list[tuple[int, dict]]) -> None:
        """UPDATE rows by primary key; every dict carries the same keys."""
        noms = list(lignes[0][1])
        colonnes = ", ".join(f"{connection.ops.quote_name(self.modele._meta.get_field(nom).column)} = %s" for nom in noms)
        requete = f"UPDATE {self.table} SET {colonnes} WHERE {connection.ops.quote_name(self.modele._meta.pk.column)} = %s"
        with connection.cursor() as curseur:
            curseur.executemany(requete, [tuple(self._valeur(nom, champs[nom]) for nom in noms) + (pk,)
                                          for pk, champs in lignes])

    def _valeur(self, nom: str, valeur):
        adapter = self.adaptateurs[nom]
        return adapter(valeur) if adapter is not None and valeur is not None else valeur


def _adaptateur(champ):
    from django.db import models

    if isinstance(champ, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(champ, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(champ, models.JSONField):
        return lambda valeur: champ.get_db_prep_save(valeur, connection)
    return None


def _inserer(modele, champs: tuple[str, ...], lignes: list[tuple]) -> None:
    """Plain INSERTs of rows whose primary key nobody needs (ROME codes, sessions): a third of
    the cost of `bulk_create`, which prepares every value of every field through the ORM."""
    if not lignes:
        return
    colonnes = ", ".join(connection.ops.quote_name(modele._meta.get_field(c).column) for c in champs)
    requete = (f"INSERT INTO {connection.ops.quote_name(modele._meta.db_table)} ({colonnes}) "
               f"VALUES ({', '.join(['%s'] * len(champs))})")
    with connection.cursor() as curseur:
        curseur.executemany(requete, lignes)
