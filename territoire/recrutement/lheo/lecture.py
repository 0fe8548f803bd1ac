"""Streaming, hardened reading of LHEO 2.2 and 2.3 files (no database here).

- The file is read by lxml's `iterparse`, one `formation` element at a time, each cleared
  once read: memory stays flat whatever the file size.
- The parser is hardened: no DTD (a file that declares one is refused before anything else is
  read, which also stops entity-expansion bombs), no entity substitution, no network, no
  huge-tree mode (libxml2's limits on depth and text size stay on).
- A 2.3 file (`http://lheo.gouv.fr/2.3`) has each offer validated against the shipped XSD;
  a 2.2 file (`http://www.lheo.org/2.2`) has its first-circle elements checked and may not
  use the elements and attributes that 2.3 introduced.
- An offer with a problem is reported with its line and skipped; a file that is not
  well-formed XML is refused whole (the caller keeps the previous catalogue).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.html import strip_tags
from lxml import etree

from territoire.etablissements.identifiants import siret_valide

NS_22 = "http://www.lheo.org/2.2"
NS_23 = "http://lheo.gouv.fr/2.3"
VERSIONS = {NS_22: "2.2", NS_23: "2.3"}
XSD_23 = Path(__file__).resolve().parent.parent / "data" / "lheo" / "lheo-2.3.xsd"

# Elements and attributes that LHEO 2.3 introduced (its "Changements dans cette version"):
# a 2.2 file may not carry them.
ELEMENTS_23 = ("SIRET-lieu-formation", "code-UAI", "code-ELU", "code-CPF", "code-RS", "code-type-formation",
               "type-contact", "contact-session", "denomination")
ATTRIBUTS_23 = ("horodatage-creation", "horodatage-modification", "horodatage-export", "uri")

ROME = re.compile(r"^[A-N][0-9]{4}$")
REFUS_DTD = ("Le fichier déclare une DTD (<!DOCTYPE …>) : refusé par sécurité (entités externes, bombes "
             "d'expansion d'entités). Un fichier LHEO n'en a pas besoin : retirez la déclaration DOCTYPE.")
TAILLE_EN_TETE = 64 * 1024


class FichierRefuse(Exception):
    """The whole file is refused (nothing imported); the message says what, where, how to fix."""


@dataclass
class Probleme:
    ligne: int | None
    numero: str
    message: str
    niveau: str = "erreur"  # "erreur": offer skipped; "avertissement": offer imported, value dropped

    def en_dict(self) -> dict:
        return {"ligne": self.ligne, "numero": self.numero, "message": self.message, "niveau": self.niveau}


@dataclass
class HorsZone:
    """An offer whose places are all outside the zone the caller keeps: not read further."""

    numero: str
    ligne: int


@dataclass
class OffreLue:
    numero: str
    ligne: int
    formation: dict
    organisme: dict
    actions: list[dict]
    romes: list[str]
    avertissements: list[Probleme] = field(default_factory=list)

    @property
    def empreinte(self) -> str:
        contenu = json.dumps([self.formation, self.organisme, self.actions, self.romes], sort_keys=True, default=str)
        return hashlib.sha256(contenu.encode()).hexdigest()


@cache
def schema_23() -> etree.XMLSchema:
    # The schema itself is a trusted file shipped with the code; its parser is hardened too.
    parseur = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(XSD_23), parseur))


def _parseur_options() -> dict:
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
            "huge_tree": False, "remove_comments": True, "remove_pis": True}


def lire_en_tete(fh) -> str:
    """Check the prolog and the root element; return the namespace. `fh` is rewound."""
    debut = fh.read(TAILLE_EN_TETE)
    fh.seek(0)
    if not debut.strip():
        raise FichierRefuse("Le fichier est vide : attendu un fichier XML au format LHEO.")
    prologue = debut.replace(b"\x00", b"")
    prologue = prologue[: prologue.find(b"<lheo")] if b"<lheo" in prologue else prologue
    if b"<!DOCTYPE" in prologue.upper():
        raise FichierRefuse(REFUS_DTD)
    parseur = etree.XMLPullParser(events=("start",), **_parseur_options())
    racine = None
    try:
        morceau = debut
        while racine is None and morceau:
            parseur.feed(morceau)
            for _, element in parseur.read_events():
                racine = element
                break
            if racine is None:
                morceau = fh.read(TAILLE_EN_TETE)
    except etree.XMLSyntaxError as exc:
        raise FichierRefuse(_message_syntaxe(exc)) from exc
    finally:
        fh.seek(0)
    if racine is None:
        raise FichierRefuse("Aucun élément XML trouvé au début du fichier : ce n'est pas un fichier LHEO.")
    info = racine.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise FichierRefuse(REFUS_DTD)
    espace, _, nom = racine.tag[1:].partition("}") if racine.tag.startswith("{") else ("", "", racine.tag)
    if nom != "lheo":
        raise FichierRefuse(
            f"L'élément racine est <{nom}> (ligne {racine.sourceline}) : un fichier LHEO commence par <lheo>."
        )
    if espace not in VERSIONS:
        vu = espace or "aucun espace de noms"
        raise FichierRefuse(
            f"Espace de noms de <lheo> inconnu : « {vu} ». Attendu http://www.lheo.org/2.2 (LHEO 2.2) "
            f"ou http://lheo.gouv.fr/2.3 (LHEO 2.3)."
        )
    return espace


def _message_syntaxe(exc: etree.XMLSyntaxError) -> str:
    ligne = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else None)
    texte = str(exc.msg if hasattr(exc, "msg") else exc)
    conseil = ""
    if "encoding" in texte.lower() or "utf-8" in texte.lower() or "Char 0x" in texte:
        conseil = " Vérifiez l'encodage : la déclaration <?xml … encoding=…?> doit dire celui du fichier (UTF-8 en général)."
    elif "Entity" in texte or "entity" in texte:
        conseil = " Les entités XML non standard ne sont pas acceptées."
    return f"Le fichier n'est pas un XML bien formé (ligne {ligne}) : {texte}.{conseil} Rien n'a été importé."


def date_lheo(texte: str) -> date | None:
    """AAAAMMJJ → date; `00000000` (unknown) → None; anything else raises ValueError."""
    texte = (texte or "").strip()
    if not texte or texte == "00000000":
        return None
    if len(texte) != 8 or not texte.isdigit():
        raise ValueError(f"date « {texte} » illisible (attendu AAAAMMJJ)")
    try:
        return date(int(texte[:4]), int(texte[4:6]), int(texte[6:]))
    except ValueError:
        raise ValueError(f"date « {texte} » impossible (attendu AAAAMMJJ, par exemple 20250901)") from None


def texte_propre(texte: str | None, longueur: int | None = None) -> str:
    """Text of an element without markup (LHEO fields often carry escaped HTML)."""
    if not texte:
        return ""
    if "<" in texte or "&" in texte:
        propre = " ".join(html.unescape(strip_tags(html.unescape(texte))).split())
    else:
        propre = " ".join(texte.split())
    if propre == "-":
        return ""
    return propre[:longueur] if longueur else propre


class Lecteur:
    """Reads one namespace's offers; `offres(fh)` yields OffreLue or Probleme."""

    def __init__(self, espace: str, garder=None):
        """`garder(lieux)`, given each action's (commune code, modality, latitude, longitude),
        says whether the offer is in the zone the caller keeps (None: keep every offer)."""
        self.garder = garder
        self._chemins: dict[str, str] = {}
        self._morceaux: dict[str, tuple] = {}
        self._memo: dict = {}
        self.espace = espace
        self.version = VERSIONS[espace]
        self.q = "{" + espace + "}"
        self.schema = schema_23() if self.version == "2.3" else None
        ns = {"l": espace}
        self._x_codes = etree.XPath("l:action/l:lieu-de-formation/l:coordonnees/l:adresse/l:code-INSEE-commune/text()",
                                    namespaces=ns, smart_strings=False)
        self._x_modalites = etree.XPath("l:action/l:modalites-enseignement/text()", namespaces=ns, smart_strings=False)
        self._x_actions = etree.XPath("count(l:action)", namespaces=ns)
        if self.version == "2.2":
            noms = " | ".join(f".//l:{nom}" for nom in ELEMENTS_23)
            attributs = " or ".join(f"@{nom}" for nom in ATTRIBUTS_23)
            self._elements_23 = etree.XPath(f"{noms} | .//*[{attributs}]", namespaces={"l": espace})

    def offres(self, fh) -> Iterator[OffreLue | Probleme | HorsZone]:
        contexte = etree.iterparse(fh, events=("end",), tag=self.q + "formation", **_parseur_options())
        try:
            for _, element in contexte:
                yield self._offre(element)
                self._memo.clear()
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError as exc:
            raise FichierRefuse(_message_syntaxe(exc)) from exc

    # -- one offer ------------------------------------------------------------------------
    def _offre(self, f) -> OffreLue | Probleme:
        numero = (f.get("numero") or "").strip()
        ligne = f.sourceline
        if not numero:
            return Probleme(ligne, "", "Offre sans identifiant (attribut numero de <formation>) : ignorée.")
        if self.garder is not None and not self.garder(self._lieux(f)):
            return HorsZone(numero[:120], ligne)
        if self.schema is not None and not self.schema.validate(f):
            erreurs = [f"ligne {e.line} : {e.message}" for e in self.schema.error_log][:3]
            return Probleme(ligne, numero, "Offre non conforme au schéma LHEO 2.3 — " + " ; ".join(erreurs))
        if self.version == "2.2":
            intrus = self._elements_23(f)
            if intrus:
                e = intrus[0]
                nom = etree.QName(e).localname
                return Probleme(e.sourceline, numero, f"Élément ou attribut de LHEO 2.3 (<{nom}>) dans un fichier "
                                "déclaré 2.2 : changez l'espace de noms en http://lheo.gouv.fr/2.3 ou retirez-le.")
        try:
            return self._extraire(f, numero, ligne)
        except ValueError as exc:
            return Probleme(ligne, numero, f"Offre ignorée : {exc}.")

    def _t(self, element, chemin: str, longueur: int | None = None) -> str:
        if element is None:
            return ""
        trouve = self._trouver(element, chemin)
        return texte_propre(trouve.text if trouve is not None else None, longueur)

    def _trouver(self, element, chemin: str):
        """The first element at `chemin` (tags separated by /) under `element`, or None.

        Children are indexed once per element and offer (a dict by tag): faster than lxml's
        ElementPath for the hundred fields an offer is read for."""
        morceaux = self._morceaux.get(chemin)
        if morceaux is None:
            morceaux = self._morceaux[chemin] = tuple(self.q + m for m in chemin.split("/"))
        for tag in morceaux:
            if element is None:
                return None
            fils = self._memo.get(element)
            if fils is None:
                fils = {}
                for enfant in element:
                    fils.setdefault(enfant.tag, enfant)
                self._memo[element] = fils
            element = fils.get(tag)
        return element

    def _chemin(self, chemin: str) -> str:
        trouve = self._chemins.get(chemin)
        if trouve is None:
            trouve = self._chemins[chemin] = "/".join(self.q + morceau for morceau in chemin.split("/"))
        return trouve

    def _lieux(self, f) -> list[tuple]:
        """Each action's (commune code, modality, latitude, longitude); two XPath calls when every
        action names its commune (the usual case), the full walk otherwise."""
        codes, modalites = self._x_codes(f), self._x_modalites(f)
        if len(codes) == int(self._x_actions(f)):
            modalites = [m.strip() for m in modalites] if len(modalites) == len(codes) else [""] * len(codes)
            return [(c.strip(), m, None, None) for c, m in zip(codes, modalites, strict=True)]
        lieux = []
        for a in f.iterfind(self.q + "action"):
            adresse = a.find(self._chemin("lieu-de-formation/coordonnees/adresse"))
            geo = adresse.find(self.q + "geolocalisation") if adresse is not None else None
            lieux.append((self._t(adresse, "code-INSEE-commune", 5), self._t(a, "modalites-enseignement", 1),
                          _nombre(self._t(geo, "latitude")), _nombre(self._t(geo, "longitude"))))
        return lieux

    def _tous(self, element, chemin: str) -> list[str]:
        return [" ".join((e.text or "").split()) for e in element.iterfind(self._chemin(chemin)) if (e.text or "").strip()]

    def _extraire(self, f, numero: str, ligne: int) -> OffreLue:
        avertissements: list[Probleme] = []
        intitule = self._t(f, "intitule-formation", 255)
        if not intitule:
            raise ValueError("intitulé de la formation (<intitule-formation>) absent")
        q = self.q
        romes = []
        for code in self._tous(f, "domaine-formation/code-ROME"):
            code = code.upper()
            if ROME.match(code):
                if code not in romes:
                    romes.append(code)
            else:
                avertissements.append(Probleme(ligne, numero, f"Code ROME « {code[:20]} » mal formé (attendu une "
                                               "lettre puis quatre chiffres) : ignoré.", "avertissement"))
        certification = self._trouver(f, "certification")
        rncp, rs, certifinfo = [], [], []
        for c in f.iterfind(q + "certification"):
            rncp += self._tous(c, "code-RNCP")
            rs += self._tous(c, "code-RS")
            certifinfo += self._tous(c, "code-CERTIFINFO")
        contact = self._trouver(f, "contact-formation/coordonnees")
        formation = {
            "intitule": intitule,
            "objectif": self._t(f, "objectif-formation", 5000),
            "contenu": self._t(f, "contenu-formation", 5000),
            "certifiante": self._t(f, "certifiante") == "1" or certification is not None,
            "formacodes": ",".join(self._tous(f, "domaine-formation/code-FORMACODE"))[:200],
            "nsf": ",".join(self._tous(f, "domaine-formation/code-NSF"))[:100],
            "rncp": ",".join(rncp)[:200], "rs": ",".join(rs)[:200], "certifinfo": ",".join(certifinfo)[:200],
            "niveau_entree": self._t(f, "code-niveau-entree", 5),
            "niveau_sortie": self._t(f, "code-niveau-sortie", 5),
            "url": self._url(self._trouver(f, "url-formation/urlweb"), f.get("href")),
            "contact_nom": " ".join(p for p in (self._t(contact, "prenom"), self._t(contact, "nom")) if p)[:200],
            "contact_telephone": self._t(contact, "telfixe/numtel", 40) or self._t(contact, "portable/numtel", 40),
            "contact_courriel": self._t(contact, "courriel", 200),
        }
        organisme = self._organisme(self._trouver(f, "organisme-formation-responsable"), numero, ligne, avertissements)
        actions = [self._action(a, numero, avertissements) for a in f.iterfind(q + "action")]
        if not actions:
            raise ValueError("aucune action de formation (<action>) : lieu et sessions inconnus")
        return OffreLue(numero=numero[:120], ligne=ligne, formation=formation, organisme=organisme,
                        actions=actions, romes=romes, avertissements=avertissements)

    def _url(self, element, repli: str | None = None) -> str:
        texte = ((element.text if element is not None else None) or repli or "").strip()
        return texte[:500] if texte.startswith(("http://", "https://")) else ""

    def _organisme(self, o, numero: str, ligne: int, avertissements: list) -> dict:
        if o is None:
            raise ValueError("organisme de formation responsable (<organisme-formation-responsable>) absent")
        siret = self._t(o, "SIRET-organisme-formation/SIRET").replace(" ", "")
        if siret and not siret_valide(siret):
            avertissements.append(Probleme(o.sourceline, numero, f"SIRET de l'organisme « {siret[:20]} » invalide "
                                           "(14 chiffres et clé de Luhn attendus) : l'organisme est gardé sans SIRET.",
                                           "avertissement"))
            siret = ""
        adresse = self._trouver(o, "coordonnees-organisme/coordonnees/adresse")
        return {
            "siret": siret,
            "nom": self._t(o, "nom-organisme", 250) or self._t(o, "raison-sociale", 250),
            "raison_sociale": self._t(o, "raison-sociale", 250),
            "code_commune": self._t(adresse, "code-INSEE-commune", 5),
            "site_web": self._url(self._trouver(o, "coordonnees-organisme/coordonnees/web/urlweb")),
        }

    def _action(self, a, numero: str, avertissements: list) -> dict:
        lieu = self._trouver(a, "lieu-de-formation/coordonnees")
        adresse = self._trouver(lieu, "adresse") if lieu is not None else None
        geo = self._trouver(adresse, "geolocalisation") if adresse is not None else None
        sessions = []
        for s in a.iterfind(self.q + "session"):
            try:
                debut = date_lheo(self._t(s, "periode/debut"))
                fin = date_lheo(self._t(s, "periode/fin"))
            except ValueError as exc:
                raise ValueError(f"session ligne {s.sourceline} : {exc}") from None
            if debut and fin and fin < debut:
                raise ValueError(f"session ligne {s.sourceline} : fin ({fin:%d/%m/%Y}) avant le début ({debut:%d/%m/%Y})")
            etat = self._t(s, "etat-recrutement", 1)
            sessions.append({"numero": (s.get("numero") or "")[:120], "debut": debut, "fin": fin,
                             "etat": etat if etat in {"1", "2", "3"} else ""})
        modalite = self._t(a, "modalites-enseignement", 1)
        alternance = self._t(a, "modalites-alternance", 500)
        return {
            "numero": (a.get("numero") or "")[:120],
            "lieu": self._t(lieu, "nom", 255),
            "ville": self._t(adresse, "ville", 200),
            "code_commune": self._t(adresse, "code-INSEE-commune", 5),
            "latitude": _nombre(self._t(geo, "latitude")),
            "longitude": _nombre(self._t(geo, "longitude")),
            "rythme": self._t(a, "rythme-formation", 300),
            "modalite": modalite if modalite in {"0", "1", "2"} else "",
            "alternance": bool(alternance),
            "financeurs": ",".join(self._tous(a, "organisme-financeur/code-financeur"))[:100],
            "url": self._url(self._trouver(a, "url-action/urlweb")),
            "sessions": sessions,
        }


def _nombre(texte: str) -> float | None:
    try:
        valeur = float(texte)
    except (TypeError, ValueError):
        return None
    return valeur if -180 <= valeur <= 180 else None


def lire_fichier(fh, garder=None) -> tuple[str, Iterator[OffreLue | Probleme | HorsZone]]:
    """(version, offers) of an LHEO file opened in binary mode; raises FichierRefuse."""
    espace = lire_en_tete(fh)
    lecteur = Lecteur(espace, garder)
    return lecteur.version, lecteur.offres(fh)
