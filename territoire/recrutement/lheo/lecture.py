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

Speed (bench/recrutement_lheo.py): an offer outside the zone costs one compiled XPath on top
of the bare `iterparse`; a kept offer is hashed from its serialised bytes before anything else,
so that an offer the catalogue already holds unchanged (`connue`) is neither validated nor
extracted; the fields of the others are read through a per-offer index of children, without
ElementPath.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

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
BALISE = re.compile(r"<[A-Za-z/!?][^<>]*>")
# Changes when what is read from an offer changes: every offer is then extracted again once.
VERSION_EMPREINTE = b"lecture-lheo-2\n"
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
class Inchangee:
    """An offer in the zone whose content hash is the one the catalogue holds: not read further."""

    numero: str
    ligne: int
    empreinte: str


@dataclass
class OffreLue:
    numero: str
    ligne: int
    formation: dict
    organisme: dict
    actions: list[dict]
    romes: list[str]
    avertissements: list[Probleme] = field(default_factory=list)
    # SHA-256 of the offer's serialised XML (and of the reader's version): equal, nothing changed.
    empreinte: str = ""


def empreinte_xml(brut: bytes) -> str:
    return hashlib.sha256(VERSION_EMPREINTE + brut).hexdigest()


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
        # Markup (often escaped twice in LHEO files) becomes spaces; the pages escape what is left.
        propre = " ".join(html.unescape(BALISE.sub(" ", html.unescape(texte))).split())
        propre = BALISE.sub(" ", propre) if "<" in propre else propre
        propre = " ".join(propre.split())
    else:
        propre = " ".join(texte.split())
    if propre == "-":
        return ""
    return propre[:longueur] if longueur else propre


class Lecteur:
    """Reads one namespace's offers; `offres(fh)` yields OffreLue, Inchangee, HorsZone or Probleme."""

    def __init__(self, espace: str, garder=None, connue=None):
        """`garder(lieux)`, given each action's (commune code, modality, latitude, longitude),
        says whether the offer is in the zone the caller keeps (None: keep every offer).
        `connue(numero, empreinte)` says whether the catalogue holds this offer unchanged (then
        it is yielded as `Inchangee`, neither validated nor extracted)."""
        self.garder = garder
        self.connue = connue
        self.espace = espace
        self.version = VERSIONS[espace]
        self.q = "{" + espace + "}"
        self.schema = schema_23() if self.version == "2.3" else None
        ns = {"l": espace}
        adresse = "l:lieu-de-formation/l:coordonnees/l:adresse"
        # One compiled XPath decides the zone: the commune codes of the actions, a "2" for an
        # action entirely at a distance, and the geolocation of the actions without a code.
        self._x_lieux = etree.XPath(
            f"l:action/{adresse}/l:code-INSEE-commune/text()"
            " | l:action/l:modalites-enseignement[normalize-space(.)='2']/text()"
            f" | l:action[not({adresse}/l:code-INSEE-commune[normalize-space(.)!=''])]/{adresse}/l:geolocalisation",
            namespaces=ns, smart_strings=False,
        )
        if self.version == "2.2":
            self._tags_23 = tuple(self.q + nom for nom in ELEMENTS_23)
            self._indices_23 = tuple(f" {nom}=".encode() for nom in ATTRIBUTS_23)
            attributs = " or ".join(f"@{nom}" for nom in ATTRIBUTS_23)
            self._attributs_23 = etree.XPath(f".//*[{attributs}]")

    def offres(self, fh) -> Iterator[OffreLue | Inchangee | Probleme | HorsZone]:
        contexte = etree.iterparse(fh, events=("end",), tag=self.q + "formation", **_parseur_options())
        try:
            for _, element in contexte:
                yield self._offre(element)
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError as exc:
            raise FichierRefuse(_message_syntaxe(exc)) from exc

    # -- one offer ------------------------------------------------------------------------
    def _offre(self, f) -> OffreLue | Inchangee | Probleme | HorsZone:
        numero = (f.get("numero") or "").strip()
        ligne = f.sourceline
        if not numero:
            return Probleme(ligne, "", "Offre sans identifiant (attribut numero de <formation>) : ignorée.")
        if self.garder is not None and not self.garder(self._lieux(f)):
            return HorsZone(numero[:120], ligne)
        brut = etree.tostring(f)
        empreinte = empreinte_xml(brut)
        if self.connue is not None and self.connue(numero[:120], empreinte):
            return Inchangee(numero[:120], ligne, empreinte)
        if self.schema is not None and not self.schema.validate(f):
            erreurs = [f"ligne {e.line} : {e.message}" for e in self.schema.error_log][:3]
            return Probleme(ligne, numero, "Offre non conforme au schéma LHEO 2.3 — " + " ; ".join(erreurs))
        if self.version == "2.2":
            intrus = self._intrus_23(f, brut)
            if intrus is not None:
                nom = etree.QName(intrus).localname
                return Probleme(intrus.sourceline, numero, f"Élément ou attribut de LHEO 2.3 (<{nom}>) dans un fichier "
                                "déclaré 2.2 : changez l'espace de noms en http://lheo.gouv.fr/2.3 ou retirez-le.")
        try:
            offre = self._extraire(f, numero, ligne)
        except ValueError as exc:
            return Probleme(ligne, numero, f"Offre ignorée : {exc}.")
        offre.empreinte = empreinte
        return offre

    def _intrus_23(self, f, brut: bytes):
        """The first element that LHEO 2.3 introduced, or that carries an attribute of 2.3.
        Attributes are looked for in the serialised bytes first (the XPath that finds them
        walks every element: only run when the bytes say one may be there)."""
        intrus = next(f.iter(*self._tags_23), None)
        if intrus is None and any(indice in brut for indice in self._indices_23):
            trouves = self._attributs_23(f)
            intrus = trouves[0] if trouves else None
        return intrus

    # -- extraction: each scope (the offer, an action, a session) indexed once by path ------
    def _index(self, racine, arret: str | None = None) -> dict[str, list]:
        """Every element under `racine` by its path of local names ("adresse/ville"), in
        document order, without descending into the `arret` elements (repeated scopes, indexed
        on their own). One walk of the subtree instead of a lookup per field."""
        index: dict[str, list] = {}
        debut = len(self.q)
        file = [(racine, "")]
        for element, chemin in file:
            for enfant in element:
                tag = enfant.tag
                if not isinstance(tag, str):
                    continue
                nom = tag[debut:] if not chemin else chemin + "/" + tag[debut:]
                trouves = index.get(nom)
                if trouves is None:
                    index[nom] = [enfant]
                else:
                    trouves.append(enfant)
                if tag != arret and len(enfant):
                    file.append((enfant, nom))
        return index

    @staticmethod
    def _t(index: dict, chemin: str, longueur: int | None = None) -> str:
        trouves = index.get(chemin)
        return texte_propre(trouves[0].text, longueur) if trouves else ""

    @staticmethod
    def _tous(index: dict, chemin: str) -> list[str]:
        """The non-empty texts of every element at `chemin`, in document order."""
        return [" ".join(e.text.split()) for e in index.get(chemin, ()) if e.text and e.text.strip()]

    @staticmethod
    def _premier(index: dict, chemin: str):
        trouves = index.get(chemin)
        return trouves[0] if trouves else None

    def _lieux(self, f) -> list[tuple]:
        """(commune code, modality, latitude, longitude) tuples that locate the offer: one per
        action's commune code, one ("", "2") when an action is entirely at a distance, one per
        geolocation of an action without a commune code. One XPath call."""
        lieux = []
        for trouve in self._x_lieux(f):
            if isinstance(trouve, str):
                texte = trouve.strip()
                lieux.append(("", "2", None, None) if texte == "2" else (texte, "", None, None))
            else:
                geo = self._index(trouve)
                lieux.append(("", "", _nombre(self._t(geo, "latitude")), _nombre(self._t(geo, "longitude"))))
        return lieux

    def _extraire(self, f, numero: str, ligne: int) -> OffreLue:
        avertissements: list[Probleme] = []
        i = self._index(f, arret=self.q + "action")
        t, tous = self._t, self._tous
        intitule = t(i, "intitule-formation", 255)
        if not intitule:
            raise ValueError("intitulé de la formation (<intitule-formation>) absent")
        romes = []
        for code in tous(i, "domaine-formation/code-ROME"):
            code = code.upper()
            if ROME.match(code):
                if code not in romes:
                    romes.append(code)
            else:
                avertissements.append(Probleme(ligne, numero, f"Code ROME « {code[:20]} » mal formé (attendu une "
                                               "lettre puis quatre chiffres) : ignoré.", "avertissement"))
        contact = "contact-formation/coordonnees/"
        formation = {
            "intitule": intitule,
            "objectif": t(i, "objectif-formation", 5000),
            "contenu": t(i, "contenu-formation", 5000),
            "certifiante": t(i, "certifiante") == "1" or "certification" in i,
            "formacodes": ",".join(tous(i, "domaine-formation/code-FORMACODE"))[:200],
            "nsf": ",".join(tous(i, "domaine-formation/code-NSF"))[:100],
            "rncp": ",".join(tous(i, "certification/code-RNCP"))[:200],
            "rs": ",".join(tous(i, "certification/code-RS"))[:200],
            "certifinfo": ",".join(tous(i, "certification/code-CERTIFINFO"))[:200],
            "niveau_entree": t(i, "code-niveau-entree", 5),
            "niveau_sortie": t(i, "code-niveau-sortie", 5),
            "url": self._url(self._premier(i, "url-formation/urlweb"), f.get("href")),
            "contact_nom": " ".join(p for p in (t(i, contact + "prenom"), t(i, contact + "nom")) if p)[:200],
            "contact_telephone": t(i, contact + "telfixe/numtel", 40) or t(i, contact + "portable/numtel", 40),
            "contact_courriel": t(i, contact + "courriel", 200),
        }
        organisme = self._organisme(i, numero, avertissements)
        actions = [self._action(a, numero) for a in i.get("action", ())]
        if not actions:
            raise ValueError("aucune action de formation (<action>) : lieu et sessions inconnus")
        return OffreLue(numero=numero[:120], ligne=ligne, formation=formation, organisme=organisme,
                        actions=actions, romes=romes, avertissements=avertissements)

    def _url(self, element, repli: str | None = None) -> str:
        texte = ((element.text if element is not None else None) or repli or "").strip()
        return texte[:500] if texte.startswith(("http://", "https://")) else ""

    def _organisme(self, i: dict, numero: str, avertissements: list) -> dict:
        o = self._premier(i, "organisme-formation-responsable")
        if o is None:
            raise ValueError("organisme de formation responsable (<organisme-formation-responsable>) absent")
        racine = "organisme-formation-responsable/"
        adresse = racine + "coordonnees-organisme/coordonnees/adresse/"
        siret = self._t(i, racine + "SIRET-organisme-formation/SIRET").replace(" ", "")
        if siret and not siret_valide(siret):
            avertissements.append(Probleme(o.sourceline, numero, f"SIRET de l'organisme « {siret[:20]} » invalide "
                                           "(14 chiffres et clé de Luhn attendus) : l'organisme est gardé sans SIRET.",
                                           "avertissement"))
            siret = ""
        return {
            "siret": siret,
            "nom": self._t(i, racine + "nom-organisme", 250) or self._t(i, racine + "raison-sociale", 250),
            "raison_sociale": self._t(i, racine + "raison-sociale", 250),
            "code_commune": self._t(i, adresse + "code-INSEE-commune", 5),
            "site_web": self._url(self._premier(i, racine + "coordonnees-organisme/coordonnees/web/urlweb")),
        }

    def _action(self, a, numero: str) -> dict:
        i = self._index(a, arret=self.q + "session")
        t = self._t
        adresse = "lieu-de-formation/coordonnees/adresse/"
        sessions = []
        for s in i.get("session", ()):
            j = self._index(s)
            try:
                debut = date_lheo(t(j, "periode/debut"))
                fin = date_lheo(t(j, "periode/fin"))
            except ValueError as exc:
                raise ValueError(f"session ligne {s.sourceline} : {exc}") from None
            if debut and fin and fin < debut:
                raise ValueError(f"session ligne {s.sourceline} : fin ({fin:%d/%m/%Y}) avant le début ({debut:%d/%m/%Y})")
            etat = t(j, "etat-recrutement", 1)
            sessions.append({"numero": (s.get("numero") or "")[:120], "debut": debut, "fin": fin,
                             "etat": etat if etat in {"1", "2", "3"} else ""})
        modalite = t(i, "modalites-enseignement", 1)
        return {
            "numero": (a.get("numero") or "")[:120],
            "lieu": t(i, "lieu-de-formation/coordonnees/nom", 255),
            "ville": t(i, adresse + "ville", 200),
            "code_commune": t(i, adresse + "code-INSEE-commune", 5),
            "latitude": _nombre(t(i, adresse + "geolocalisation/latitude")),
            "longitude": _nombre(t(i, adresse + "geolocalisation/longitude")),
            "rythme": t(i, "rythme-formation", 300),
            "modalite": modalite if modalite in {"0", "1", "2"} else "",
            "alternance": bool(t(i, "modalites-alternance", 500)),
            "financeurs": ",".join(self._tous(i, "organisme-financeur/code-financeur"))[:100],
            "url": self._url(self._premier(i, "url-action/urlweb")),
            "sessions": sessions,
        }


def _nombre(texte: str) -> float | None:
    try:
        valeur = float(texte)
    except (TypeError, ValueError):
        return None
    return valeur if -180 <= valeur <= 180 else None


def lire_fichier(fh, garder=None, connue=None) -> tuple[str, Iterator[OffreLue | Inchangee | Probleme | HorsZone]]:
    """(version, offers) of an LHEO file opened in binary mode; raises FichierRefuse."""
    espace = lire_en_tete(fh)
    lecteur = Lecteur(espace, garder, connue)
    return lecteur.version, lecteur.offres(fh)
