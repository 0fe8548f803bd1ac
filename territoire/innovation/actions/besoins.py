"""Writes on innovation needs: file a need (with suggested competences), correct its
competences, make an introduction (an Interaction on both sides and a follow-up), record its outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from territoire.reseau.actions import enregistrer_historique, enregistrer_interaction
from territoire.reseau.models import Interaction

from ..index import ETIQUETTES, detecteur_vocabulaire, modele_competences, renouveler_version
from ..models import (
    LONGUEUR_MAX_BESOIN,
    BesoinInnovation,
    Competence,
    EtiquetteBesoin,
    MiseEnRelation,
)

# Suggestions: at most this many, each above this cosine score (see docs/innovation.md).
SUGGESTIONS_MAX = 5
SEUIL_SUGGESTION = 0.08
DELAI_SUIVI_JOURS = 21
_BALISE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


@dataclass(frozen=True)
class Suggestion:
    competence: Competence
    confiance: float  # cosine similarity of the text with the competence (0–1)
    termes: tuple[str, ...] = ()  # vocabulary terms found word for word in the text

    @property
    def pourcentage(self) -> int:
        return round(100 * self.confiance)

    @property
    def niveau(self) -> str:
        return "forte" if self.confiance >= 0.3 else ("moyenne" if self.confiance >= 0.15 else "faible")


def contient_du_html(texte: str) -> bool:
    return bool(_BALISE.search(texte or ""))


def texte_sans_html(texte: str) -> str:
    """The text of an HTML paste: tags removed, paragraphs kept as blank lines."""
    texte = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\s*/?>", "\n", texte or "")
    texte = strip_tags(texte)
    return re.sub(r"\n{3,}", "\n\n", texte).strip()


def verifier_texte(texte: str) -> str:
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError({"texte": "Décrivez le besoin en quelques phrases."})
    if len(texte) > LONGUEUR_MAX_BESOIN:
        raise ValidationError({"texte": (
            f"Le besoin compte {len(texte)} caractères ; {LONGUEUR_MAX_BESOIN} au plus. Résumez le problème en "
            "quelques paragraphes ; un cahier des charges se joint à un échange."
        )})
    return texte


def suggerer_competences(texte: str, n: int = SUGGESTIONS_MAX) -> list[Suggestion]:
    """Competences for a need's text: the classifier's best classes (with their cosine score as
    confidence), the vocabulary terms found word for word first. Offline, built once per version."""
    modele = modele_competences()
    scores = dict(modele.scores(texte or ""))
    trouves = detecteur_vocabulaire().trouver(texte or "")
    gardes = set(trouves) | {code for code, score in scores.items() if score >= SEUIL_SUGGESTION}
    competences = Competence.objects.in_bulk(gardes, field_name="code")
    resultat = [Suggestion(competences[code], round(scores.get(code, 0.0), 3), tuple(termes))
                for code, termes in trouves.items() if code in competences]
    deja = {s.competence.code for s in resultat}
    for code, score in sorted(scores.items(), key=lambda cs: (-cs[1], cs[0])):
        if len(resultat) >= n or score < SEUIL_SUGGESTION:
            break
        if code not in deja and code in competences:
            resultat.append(Suggestion(competences[code], round(score, 3)))
    resultat.sort(key=lambda s: (not s.termes, -s.confiance, s.competence.libelle))
    return resultat[:n]


@transaction.atomic
def deposer_besoin(territoire, organisation, *, titre: str, texte: str, origine: str,
                   urgence: str = BesoinInnovation.Urgence.MOYENNE, budget: str = BesoinInnovation.Budget.INCONNU,
                   confidentiel: bool = True, competences=None, demande=None, interaction=None, par=None,
                   maintenant=None, fictif: bool = False) -> BesoinInnovation:
    """File a need. The classifier's suggestions are kept with their confidence; `competences`
    (when given: the ones the person kept or added) become the need's tags, otherwise the
    suggestions do, marked as suggested."""
    maintenant = maintenant or timezone.now()
    texte = verifier_texte(texte)
    titre = " ".join((titre or "").split())[:200] or texte.split("\n")[0][:200]
    suggestions = suggerer_competences(texte)
    besoin = BesoinInnovation(
        territoire=territoire, organisation=organisation, titre=titre, texte=texte, origine=origine, urgence=urgence,
        budget=budget, confidentiel=confidentiel, demande=demande, interaction=interaction, cree_le=maintenant,
        cree_par=par if par is not None and getattr(par, "is_authenticated", False) else None, fictif=fictif,
        suggestions=[{"code": s.competence.code, "confiance": s.confiance} for s in suggestions],
    )
    besoin.full_clean()
    besoin.save()
    suggerees = {s.competence.pk: s for s in suggestions}
    retenues = {c.pk: c for c in competences} if competences is not None else {s.competence.pk: s.competence for s in suggestions}
    EtiquetteBesoin.objects.bulk_create([
        EtiquetteBesoin(besoin=besoin, competence_id=cid, suggeree=cid in suggerees,
                        confiance=suggerees[cid].confiance if cid in suggerees else None,
                        retenue=cid in retenues, par=besoin.cree_par, le=maintenant)
        for cid in {*suggerees, *retenues}
    ])
    enregistrer_historique(organisation, par, f"Besoin d'innovation déposé : {titre}", territoire=territoire, le=maintenant)
    renouveler_version(ETIQUETTES)
    return besoin


@transaction.atomic
def corriger_competences(besoin: BesoinInnovation, competences, par=None) -> BesoinInnovation:
    """The team's correction: the competences kept. A removed suggestion stays, not kept."""
    maintenant = timezone.now()
    voulues = {c.pk for c in competences}
    lignes = {e.competence_id: e for e in besoin.etiquettes.all()}
    avant = {cid for cid, e in lignes.items() if e.retenue}
    for cid, e in lignes.items():
        retenue = cid in voulues
        if e.retenue != retenue:
            e.retenue, e.par, e.le = retenue, par, maintenant
            e.save(update_fields=["retenue", "par", "le"])
    EtiquetteBesoin.objects.bulk_create([
        EtiquetteBesoin(besoin=besoin, competence_id=cid, suggeree=False, retenue=True, par=par, le=maintenant)
        for cid in voulues - set(lignes)
    ])
    if avant != voulues:
        noms = dict(Competence.objects.filter(pk__in=avant | voulues).values_list("pk", "libelle"))
        enregistrer_historique(besoin.organisation, par, f"Compétences du besoin « {besoin.titre} » corrigées",
                               {"competences": [sorted(noms[c] for c in avant), sorted(noms[c] for c in voulues)]},
                               territoire=besoin.territoire)
        renouveler_version(ETIQUETTES)
    return besoin


def besoin_depuis_demande(demande, par=None) -> BesoinInnovation:
    """The need behind a desk request whose subject is innovation (created once)."""
    existant = BesoinInnovation.objects.filter(demande=demande).first()
    if existant is not None:
        return existant
    texte = demande.description
    if contient_du_html(texte):
        texte = texte_sans_html(texte)
    return deposer_besoin(
        demande.territoire, demande.organisation, titre=texte.split("\n")[0][:120], texte=texte[:LONGUEUR_MAX_BESOIN],
        origine=BesoinInnovation.Origine.GUICHET, demande=demande, par=par, maintenant=demande.deposee_le,
        fictif=demande.fictif,
    )


@transaction.atomic
def mettre_en_relation(besoin: BesoinInnovation, detenteur, *, responsable, message: str = "", echeance: date | None = None,
                       proposition=None, methode: str = "", par=None, maintenant=None) -> MiseEnRelation:
    """Introduce the firm to a holder: an Interaction on each side, a follow-up (owner, due date)
    on the firm, the reasons shown at the time kept with the introduction."""
    maintenant = maintenant or timezone.now()
    if MiseEnRelation.objects.filter(besoin=besoin, detenteur=detenteur).exists():
        raise ValidationError(f"{besoin.organisation} a déjà été mise en relation avec {detenteur} pour ce besoin.")
    if not besoin.ouvert:
        raise ValidationError(f"Ce besoin est « {besoin.get_statut_display()} » : rouvrez-le avant une mise en relation.")
    if responsable is None:
        raise ValidationError({"responsable": "Choisissez qui suit cette mise en relation."})
    jour = timezone.localdate(maintenant)
    echeance = echeance or jour + timedelta(days=DELAI_SUIVI_JOURS)
    if echeance < jour:
        raise ValidationError({"echeance": "L'échéance du suivi est déjà passée."})
    firme, labo = besoin.organisation, detenteur.organisation
    notes = (message or "").strip()
    raisons = proposition.raisons() if proposition is not None else []
    corps = "\n".join([notes, "", f"Besoin : {besoin.titre}", *(f"- {r}" for r in raisons)]).strip()
    cote_entreprise = enregistrer_interaction(
        besoin.territoire, firme, type=Interaction.Type.COURRIEL, date=jour,
        objet=f"Mise en relation avec {labo.nom}"[:250], notes=corps, auteur=par,
        suivi={"action": f"Savoir si l'échange avec {labo.nom} a eu lieu"[:300], "echeance": echeance, "responsable": responsable},
    )
    cote_detenteur = enregistrer_interaction(
        besoin.territoire, labo, type=Interaction.Type.COURRIEL, date=jour,
        objet=f"Mise en relation avec {firme.nom}"[:250], notes=corps, auteur=par,
    )
    mise = MiseEnRelation.objects.create(
        besoin=besoin, detenteur=detenteur, rang=proposition.rang if proposition else None,
        score=proposition.score if proposition else None, methode=methode, raisons=raisons, message=notes,
        interaction_entreprise=cote_entreprise, interaction_detenteur=cote_detenteur,
        suivi=cote_entreprise.suivis.first(), envoyee_par=par if getattr(par, "is_authenticated", False) else None,
        envoyee_le=maintenant,
    )
    if besoin.statut == BesoinInnovation.Statut.OUVERT:
        besoin.statut = BesoinInnovation.Statut.EN_RELATION
        besoin.save(update_fields=["statut", "modifie_le"])
    return mise


@transaction.atomic
def noter_issue(mise: MiseEnRelation, issue: str, note: str = "", projet=None, par=None) -> MiseEnRelation:
    if issue not in MiseEnRelation.Issue.values:
        raise ValidationError({"issue": "Issue inconnue."})
    avant = mise.issue
    mise.issue, mise.issue_note, mise.issue_notee_le = issue, (note or "").strip(), timezone.now()
    if projet is not None:
        mise.projet = projet
    mise.save()
    if mise.suivi_id and issue != MiseEnRelation.Issue.EN_ATTENTE and mise.suivi.fait_le is None:
        from territoire.reseau.actions import marquer_suivi_fait

        marquer_suivi_fait(mise.suivi, par)
    besoin = mise.besoin
    if issue == MiseEnRelation.Issue.PROJET and besoin.statut != BesoinInnovation.Statut.PROJET:
        besoin.statut = BesoinInnovation.Statut.PROJET
        besoin.save(update_fields=["statut", "modifie_le"])
    enregistrer_historique(besoin.organisation, par,
                           f"Mise en relation avec {mise.detenteur} : {mise.get_issue_display()}",
                           {"issue": [avant, issue]}, territoire=besoin.territoire)
    return mise


@transaction.atomic
def changer_statut_besoin(besoin: BesoinInnovation, statut: str, par=None) -> BesoinInnovation:
    if statut not in BesoinInnovation.Statut.values:
        raise ValidationError({"statut": "Statut inconnu."})
    avant = besoin.statut
    if avant != statut:
        besoin.statut = statut
        besoin.save(update_fields=["statut", "modifie_le"])
        enregistrer_historique(besoin.organisation, par, f"Besoin « {besoin.titre} » : {besoin.get_statut_display()}",
                               {"statut": [avant, statut]}, territoire=besoin.territoire)
    return besoin
