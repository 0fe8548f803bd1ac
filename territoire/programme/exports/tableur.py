"""The plan as a spreadsheet: export, import (upsert by number), national reporting table.

The "Plan" sheet has exactly the columns the import accepts; derived values and money go
to a second sheet, "Synthèse", which the import ignores. Text cells that a spreadsheet
would run as a formula (starting with = + - @, a tab or a carriage return) are written
with a leading apostrophe; the import removes it again, so a round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from territoire.formules import neutraliser, retirer_neutralisation
from territoire.reseau.models import Organisation

from .. import actions
from ..models import Axe, FicheAction, StatutFiche
from ..tableau import charger_fiches, matrice_axes_statuts

# (header, field) — the order of the "Plan" sheet, the import's contract.
COLONNES = [
    ("Numéro", "numero"),
    ("Titre", "titre"),
    ("Fiche parente", "parent"),
    ("Axes", "axes"),
    ("Description", "description"),
    ("Contexte", "contexte"),
    ("Objectifs", "objectifs"),
    ("Résultats attendus", "resultats_attendus"),
    ("Organisation pilote", "pilote_organisation"),
    ("Partenaires", "partenaires"),
    ("Bénéficiaires", "beneficiaires"),
    ("Date de début", "date_debut"),
    ("Date de fin", "date_fin"),
    ("Statut", "statut"),
    ("Avancement (%)", "avancement"),
    ("Priorité", "priorite"),
    ("Confidentielle", "confidentiel"),
]
ENTETES = [e for e, _ in COLONNES]
SEPARATEUR = ";"
LIGNES_MAX = 5000


def _ecrire(ws, ligne: list) -> None:
    ws.append([neutraliser(v) for v in ligne])
    for cellule in ws[ws.max_row]:
        if isinstance(cellule.value, str):
            cellule.data_type = "s"  # never a formula, whatever the text
        elif isinstance(cellule.value, dt.datetime):
            cellule.number_format = "DD/MM/YYYY HH:MM"
        elif isinstance(cellule.value, dt.date):
            cellule.number_format = "DD/MM/YYYY"  # a real date cell (a serial number), never text


def _entete(ws, entetes: list[str]) -> None:
    ws.append(entetes)
    for cellule in ws[1]:
        cellule.font = Font(bold=True)
    ws.freeze_panes = "A2"


def exporter_plan(programme) -> bytes:
    fiches = charger_fiches(programme)
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    _entete(ws, ENTETES)
    for f in fiches:
        _ecrire(
            ws,
            [
                f.numero,
                f.titre,
                f.parent.numero if f.parent_id else "",
                SEPARATEUR.join(a.code for a in f.axes.all()),
                f.description,
                f.contexte,
                f.objectifs,
                f.resultats_attendus,
                f.pilote_organisation.nom if f.pilote_organisation_id else "",
                SEPARATEUR.join(p.nom for p in f.partenaires.all()),
                f.beneficiaires,
                f.date_debut,
                f.date_fin,
                f.statut.code if f.statut_id else "",
                f.avancement,
                f.get_priorite_display(),
                "oui" if f.confidentiel else "non",
            ],
        )
    synthese = wb.create_sheet("Synthèse")
    _entete(
        synthese,
        [
            "Numéro",
            "Titre",
            "Avancement calculé (%)",
            "Méthode",
            "En retard",
            "Complétude (%)",
            "Coût prévu (€)",
            "Demandé (€)",
            "Accordé (€)",
            "Versé (€)",
            "Taux de couverture (%)",
            "Manque (€)",
            "Dernière mise à jour",
        ],
    )
    aujourdhui = timezone.localdate()
    for f in fiches:
        a = f.argent()
        av = f.avancement_calcule
        _ecrire(
            synthese,
            [
                f.numero,
                f.titre,
                av.valeur if av else None,
                av.libelle_methode() if av else "",
                "; ".join(f.raisons_retard(aujourdhui)) or "non",
                f.completude()["taux"],
                a["prevu"],
                a["financements"]["demande"],
                a["financements"]["accorde"],
                a["financements"]["verse"],
                a["couverture"]["taux"],
                a["couverture"]["manque"],
                m.date if (m := f.derniere_mise_a_jour()) else None,
            ],
        )
    axes = wb.create_sheet("Axes")
    _entete(axes, ["Code", "Libellé"])
    for axe in programme.axes.all():
        _ecrire(axes, [axe.code, axe.libelle])
    sortie = io.BytesIO()
    wb.save(sortie)
    return sortie.getvalue()


# --- Import --------------------------------------------------------------------------------


class ImportRefuse(Exception):
    def __init__(self, erreurs: list[str]):
        super().__init__("\n".join(erreurs))
        self.erreurs = erreurs


@dataclass
class LignePlan:
    ligne: int
    valeurs: dict = field(default_factory=dict)


def _texte(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    texte = str(v).strip()
    return retirer_neutralisation(texte)


def _date(v, ou: str, erreurs: list[str]) -> dt.date | None:
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    texte = _texte(v)
    for format_ in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(texte, format_).date()
        except ValueError:
            continue
    erreurs.append(f"{ou} : date illisible « {texte[:40]} » ; écrivez JJ/MM/AAAA.")
    return None


def lire_plan(contenu: bytes, programme) -> list[LignePlan]:
    """Read and check every row; raise ImportRefuse listing every error (nothing is saved)."""
    try:
        wb = load_workbook(io.BytesIO(contenu), read_only=True, data_only=False)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRefuse(
            [
                f"Le fichier n'est pas un classeur XLSX lisible ({exc.__class__.__name__}) : "
                "partez de l'export du plan."
            ]
        ) from exc
    if "Plan" not in wb.sheetnames:
        raise ImportRefuse(
            [f"Feuille « Plan » absente (feuilles trouvées : {', '.join(wb.sheetnames)})."]
        )
    ws = wb["Plan"]
    lignes = ws.iter_rows(values_only=False)
    try:
        entete = [_texte(c.value) for c in next(lignes)]
    except StopIteration as exc:
        raise ImportRefuse(["La feuille « Plan » est vide."]) from exc
    while entete and entete[-1] == "":
        entete.pop()
    if entete != ENTETES:
        manquantes = [e for e in ENTETES if e not in entete]
        en_trop = [e for e in entete if e not in ENTETES]
        detail = []
        if manquantes:
            detail.append(f"colonnes manquantes : {', '.join(manquantes)}")
        if en_trop:
            detail.append(f"colonnes inconnues : {', '.join(en_trop)}")
        if not detail:
            detail.append("les colonnes ne sont pas dans l'ordre de l'export")
        raise ImportRefuse(
            [f"Ligne 1 (en-têtes) : {' ; '.join(detail)}. Attendu : {', '.join(ENTETES)}."]
        )

    territoire = programme.territoire
    axes = {a.code: a for a in Axe.objects.filter(programme=programme)}
    axes_par_libelle = {a.libelle.lower(): a for a in axes.values()}
    statuts = {s.code: s for s in StatutFiche.objects.filter(territoire=territoire)}
    statuts_par_libelle = {s.libelle.lower(): s for s in statuts.values()}
    organisations = {}
    for o in Organisation.objects.filter(territoires=territoire):
        organisations.setdefault(o.nom.lower(), o)
    priorites = {
        **{c: c for c, _ in FicheAction.Priorite.choices},
        **{lib.lower(): c for c, lib in FicheAction.Priorite.choices},
    }
    existantes = set(
        FicheAction.objects.filter(programme=programme).values_list("numero", flat=True)
    )

    erreurs: list[str] = []
    resultat: list[LignePlan] = []
    vus: dict[str, int] = {}
    for numero_ligne, cellules in enumerate(lignes, start=2):
        if numero_ligne > LIGNES_MAX + 1:
            erreurs.append(
                f"Plus de {LIGNES_MAX} lignes : un plan d'action n'en a pas tant ; vérifiez le fichier."
            )
            break
        brutes = [c.value for c in cellules][: len(ENTETES)]
        brutes += [None] * (len(ENTETES) - len(brutes))
        if all(v in (None, "") for v in brutes):
            continue
        ou = f"Ligne {numero_ligne}"
        for (entete, _champ), c in zip(COLONNES, cellules, strict=False):
            if c.data_type == "f":
                erreurs.append(
                    f"{ou}, colonne « {entete} » : formule refusée ; saisissez une valeur."
                )
        v = dict(zip([c for _, c in COLONNES], brutes, strict=True))
        d: dict = {}
        d["numero"] = _texte(v["numero"])
        if not d["numero"]:
            erreurs.append(f"{ou} : numéro de fiche manquant.")
        elif len(d["numero"]) > 20:
            erreurs.append(
                f"{ou} : numéro « {d['numero'][:30]}… » trop long (20 caractères au plus)."
            )
        elif d["numero"] in vus:
            erreurs.append(
                f"{ou} : numéro {d['numero']} en double (déjà ligne {vus[d['numero']]})."
            )
        else:
            vus[d["numero"]] = numero_ligne
        d["titre"] = _texte(v["titre"])
        if not d["titre"]:
            erreurs.append(f"{ou} : titre manquant.")
        elif len(d["titre"]) > 250:
            erreurs.append(f"{ou} : titre trop long (250 caractères au plus).")
        for champ in (
            "description",
            "contexte",
            "objectifs",
            "resultats_attendus",
            "beneficiaires",
        ):
            d[champ] = _texte(v[champ])
        d["parent_numero"] = _texte(v["parent"])
        d["axes"] = []
        for code in filter(None, (x.strip() for x in _texte(v["axes"]).split(SEPARATEUR))):
            axe = axes.get(code) or axes_par_libelle.get(code.lower())
            if axe is None:
                erreurs.append(
                    f"{ou} : axe inconnu « {code[:40]} » (axes de la phase : {', '.join(axes)})."
                )
            else:
                d["axes"].append(axe)
        nom = _texte(v["pilote_organisation"])
        d["pilote_organisation"] = None
        if nom:
            d["pilote_organisation"] = organisations.get(nom.lower())
            if d["pilote_organisation"] is None:
                erreurs.append(
                    f"{ou} : organisation pilote inconnue « {nom[:60]} » ; créez-la d'abord dans le réseau."
                )
        d["partenaires"] = []
        for nom in filter(None, (x.strip() for x in _texte(v["partenaires"]).split(SEPARATEUR))):
            org = organisations.get(nom.lower())
            if org is None:
                erreurs.append(
                    f"{ou} : partenaire inconnu « {nom[:60]} » ; créez-le d'abord dans le réseau."
                )
            else:
                d["partenaires"].append(org)
        d["date_debut"] = _date(v["date_debut"], f"{ou}, date de début", erreurs)
        d["date_fin"] = _date(v["date_fin"], f"{ou}, date de fin", erreurs)
        if d["date_debut"] and d["date_fin"] and d["date_fin"] < d["date_debut"]:
            erreurs.append(f"{ou} : la date de fin précède la date de début.")
        statut = _texte(v["statut"])
        d["statut"] = None
        if statut:
            d["statut"] = statuts.get(statut) or statuts_par_libelle.get(statut.lower())
            if d["statut"] is None:
                erreurs.append(
                    f"{ou} : statut inconnu « {statut[:40]} » (statuts : {', '.join(statuts)})."
                )
        av = _texte(v["avancement"])
        d["avancement"] = None
        if av:
            try:
                d["avancement"] = int(Decimal(av.replace(",", ".").rstrip("%").strip()))
            except (ArithmeticError, ValueError):
                erreurs.append(
                    f"{ou} : avancement « {av[:20]} » n'est pas un nombre entre 0 et 100."
                )
            else:
                if not 0 <= d["avancement"] <= 100:
                    erreurs.append(f"{ou} : avancement {d['avancement']} hors de 0 à 100.")
        if d["avancement"] is not None and d["statut"] is None:
            erreurs.append(f"{ou} : un avancement sans statut ; indiquez le statut.")
        prio = _texte(v["priorite"]).lower()
        d["priorite"] = priorites.get(prio) if prio else FicheAction.Priorite.MOYENNE
        if d["priorite"] is None:
            erreurs.append(f"{ou} : priorité « {prio[:20]} » inconnue (haute, moyenne, basse).")
        conf = _texte(v["confidentiel"]).lower()
        if conf in ("oui", "vrai", "true", "1", "x"):
            d["confidentiel"] = True
        elif conf in ("non", "faux", "false", "0", ""):
            d["confidentiel"] = False
        else:
            erreurs.append(f"{ou} : confidentielle « {conf[:20]} » : écrivez oui ou non.")
        resultat.append(LignePlan(numero_ligne, d))
    connus = existantes | set(vus)
    for lp in resultat:
        parent = lp.valeurs["parent_numero"]
        if parent and parent not in connus:
            erreurs.append(
                f"Ligne {lp.ligne} : fiche parente {parent[:20]} inconnue dans la phase et dans le fichier."
            )
        if parent and parent == lp.valeurs["numero"]:
            erreurs.append(f"Ligne {lp.ligne} : une fiche ne peut pas être sa propre parente.")
    if erreurs:
        raise ImportRefuse(erreurs)
    return resultat


@dataclass
class BilanImport:
    creees: int = 0
    modifiees: int = 0
    inchangees: int = 0
    statuts_changes: int = 0


@transaction.atomic
def importer_plan(contenu: bytes, programme, auteur, nom_fichier: str = "") -> BilanImport:
    """Upsert the plan's fiches by number; any error rejects the whole file (nothing saved)."""
    lignes = lire_plan(contenu, programme)
    bilan = BilanImport()
    note = f"Mise à jour par l'import du plan{f' ({nom_fichier[:80]})' if nom_fichier else ''}."
    aujourdhui = timezone.localdate()
    par_numero = {f.numero: f for f in FicheAction.objects.filter(programme=programme)}
    erreurs: list[str] = []
    # Two passes: fiches first (without parents), then parents, so a row may name a later row.
    for lp in lignes:
        d = dict(lp.valeurs)
        champs = {
            k: d[k]
            for k in (
                "numero",
                "titre",
                "description",
                "contexte",
                "objectifs",
                "resultats_attendus",
                "beneficiaires",
                "pilote_organisation",
                "date_debut",
                "date_fin",
                "priorite",
                "confidentiel",
                "axes",
                "partenaires",
            )
        }
        try:
            fiche = par_numero.get(d["numero"])
            if fiche is None:
                par_numero[d["numero"]] = actions.creer_fiche(
                    programme, auteur, statut=d["statut"], avancement=d["avancement"], **champs
                )
                bilan.creees += 1
                continue
            changes = actions.modifier_fiche(fiche, auteur, **champs)
            statut_change = d["statut"] is not None and d["statut"].pk != fiche.statut_id
            avancement_change = d["avancement"] is not None and d["avancement"] != fiche.avancement
            if statut_change or avancement_change:
                actions.enregistrer_mise_a_jour(
                    fiche,
                    auteur,
                    date=aujourdhui,
                    note=note,
                    statut=d["statut"],
                    avancement=d["avancement"] if avancement_change else None,
                )
                bilan.statuts_changes += statut_change
            if changes or statut_change or avancement_change:
                bilan.modifiees += 1
            else:
                bilan.inchangees += 1
        except ValidationError as exc:
            erreurs.append(f"Ligne {lp.ligne} : {' '.join(exc.messages)}")
    for lp in lignes:
        fiche = par_numero[lp.valeurs["numero"]]
        parent = (
            par_numero.get(lp.valeurs["parent_numero"]) if lp.valeurs["parent_numero"] else None
        )
        if (parent.pk if parent else None) != fiche.parent_id:
            try:
                actions.modifier_fiche(FicheAction.objects.get(pk=fiche.pk), auteur, parent=parent)
            except ValidationError as exc:
                erreurs.append(f"Ligne {lp.ligne} : {' '.join(exc.messages)}")
    if erreurs:
        transaction.set_rollback(True)
        raise ImportRefuse(erreurs)
    return bilan


# --- National reporting --------------------------------------------------------------------


def tableau_national(programme) -> dict:
    """Counts by axis × status and funds committed (agreed + paid), keyed on the territory's id_ti."""
    fiches = charger_fiches(programme)
    statuts = list(StatutFiche.objects.filter(territoire_id=programme.territoire_id))
    axes = list(programme.axes.all())
    territoire = programme.territoire
    lignes = []
    for axe in axes + [None]:
        sur_axe = [
            f
            for f in fiches
            if (axe is None and not f.axes.all())
            or (axe is not None and any(a.pk == axe.pk for a in f.axes.all()))
        ]
        if axe is None and not sur_axe:
            continue
        for statut in statuts + [None]:
            cellule = [f for f in sur_axe if f.statut_id == (statut.pk if statut else None)]
            if statut is None and not cellule:
                continue
            argent = [f.argent() for f in cellule]
            lignes.append(
                {
                    "id_ti": territoire.id_ti,
                    "territoire": territoire.nom,
                    "phase": programme.code,
                    "axe": axe.libelle if axe else "Sans axe",
                    "statut": statut.libelle if statut else "Sans statut",
                    "fiches": len(cellule),
                    "cout": sum((a["prevu"] or 0 for a in argent), Decimal(0)),
                    "engage": sum(
                        (a["financements"]["accorde"] + a["financements"]["verse"] for a in argent),
                        Decimal(0),
                    ),
                }
            )
    return {
        "lignes": lignes,
        "matrice": matrice_axes_statuts(fiches, axes, statuts),
        "territoire": territoire,
    }


def exporter_tableau_national(programme) -> bytes:
    t = tableau_national(programme)
    wb = Workbook()
    ws = wb.active
    ws.title = "Reporting national"
    _entete(
        ws,
        [
            "id_ti",
            "Territoire",
            "Phase",
            "Axe",
            "Statut",
            "Fiches-actions",
            "Coût prévu (€)",
            "Fonds engagés (€)",
        ],
    )
    for ligne in t["lignes"]:
        _ecrire(
            ws,
            [
                ligne["id_ti"],
                ligne["territoire"],
                ligne["phase"],
                ligne["axe"],
                ligne["statut"],
                ligne["fiches"],
                ligne["cout"],
                ligne["engage"],
            ],
        )
    sortie = io.BytesIO()
    wb.save(sortie)
    return sortie.getvalue()
