"""The firm visit survey and the yearly visit plan.

- ``enregistrer_visite``: a visit (a ``reseau.Interaction`` of type visit, written by the
  network's own action) with its answers to the active questionnaire version. Each flagging
  answer (plans to reduce, to leave, to sell, premises too small) raises a watch-list signal and
  a proposed follow-up, routed by the desk's own routing rules (``guichet.actions``) to the
  advisors who cover its subject, commune and firm profile;
- ``accepter_suite``: the team accepts a proposed follow-up: a desk request is filed and routed
  to the advisors proposed (the desk's actions, unchanged); ``ecarter_suite`` dismisses it;
- ``agregats``: how many firms plan to hire, invest, expand… (the only thing that leaves the
  team's pages: individual answers are confidential);
- the plan: ``suggestions`` (50 jobs or more, not visited for 12 months, high score),
  ``ajouter_au_plan``, ``retirer_du_plan``, ``avancement_du_plan`` (who is due).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import PlanVisites, Questionnaire, ReponseVisite, SuiteProposee, VisitePrevue

LONGUEUR_TEXTE_MAX = 5000
SCORE_A_VISITER = 30
EMPLOIS_A_VISITER = 50


def questionnaire_actif() -> Questionnaire:
    questionnaire = Questionnaire.objects.filter(actif=True).order_by("-version").first()
    if questionnaire is None:
        raise ValidationError("Aucun questionnaire de visite actif : lancez « territoire migrate ».")
    return questionnaire


def verifier_reponses(questionnaire: Questionnaire, reponses: dict) -> dict:
    """The answers cleaned against the questionnaire, or a ValidationError naming each problem."""
    erreurs, propres = {}, {}
    codes = {q["code"]: q for q in questionnaire.questions}
    for code, valeur in (reponses or {}).items():
        question = codes.get(code)
        if question is None:
            erreurs[code] = f"Question « {code} » inconnue de la version {questionnaire.version} du questionnaire."
            continue
        valeur = "" if valeur is None else str(valeur).strip()
        if not valeur:
            continue
        if question.get("texte"):
            if len(valeur) > LONGUEUR_TEXTE_MAX:
                erreurs[code] = f"Réponse trop longue ({len(valeur)} caractères, {LONGUEUR_TEXTE_MAX} au plus)."
                continue
        elif valeur not in {c["code"] for c in question["choix"]}:
            erreurs[code] = f"« {valeur[:40]} » n'est pas un choix de la question « {question['libelle']} »."
            continue
        propres[code] = valeur
    if erreurs:
        raise ValidationError(erreurs)
    return propres


def choix_qui_alertent(questionnaire: Questionnaire, reponses: dict) -> list[tuple[dict, dict]]:
    """(question, choice) of every flagging answer."""
    alertes = []
    for question in questionnaire.questions:
        valeur = reponses.get(question["code"])
        for choix in question.get("choix", []):
            if choix["code"] == valeur and choix.get("alerte"):
                alertes.append((question, choix))
    return alertes


@transaction.atomic
def enregistrer_visite(territoire, organisation, *, date: dt.date, reponses: dict, objet: str = "",
                       notes: str = "", contacts=(), auteur=None, questionnaire: Questionnaire | None = None,
                       fictif: bool = False) -> ReponseVisite:
    """Record a visit with its answers; raise a signal and propose a routed follow-up for each
    flagging answer. Returns the answers."""
    from territoire.guichet.actions import proposer_conseillers
    from territoire.guichet.models import Demande, Sujet
    from territoire.reseau.actions import enregistrer_interaction

    from . import veille

    questionnaire = questionnaire or questionnaire_actif()
    if date > timezone.localdate():
        raise ValidationError({"date": "Une visite enregistrée a eu lieu : sa date ne peut pas être dans le futur."})
    propres = verifier_reponses(questionnaire, reponses)
    alertes = choix_qui_alertent(questionnaire, propres)
    interaction = enregistrer_interaction(
        territoire, organisation, type="visite", date=date, objet=objet or "Visite d'entreprise (questionnaire)",
        notes=notes, contacts=contacts, auteur=auteur,
    )
    reponse = ReponseVisite.objects.create(
        interaction=interaction, questionnaire=questionnaire, reponses=propres,
        alertes=[q["code"] for q, _ in alertes], auteur=auteur if getattr(auteur, "is_authenticated", False) else None,
    )
    siren = organisation.unite_legale.siren if organisation.unite_legale_id else (
        organisation.etablissement.siren if organisation.etablissement_id else ""
    )
    sujets = {s.code: s for s in Sujet.objects.filter(code__in={c.get("sujet") for _, c in alertes})}
    for question, choix in alertes:
        signal = None
        if siren:
            veille.creer_signaux(territoire, [{
                "regle": "alerte_visite", "siren": siren, "date": date, "organisation_id": organisation.pk,
                "reponse_visite_id": reponse.pk, "cle": f"visite:{reponse.pk}:{question['code']}",
                "preuve": f"Visite du {date:%d/%m/%Y} : {choix.get('motif') or choix['libelle']}.",
            }], fictif=fictif)
            signal = reponse.signaux.filter(cle=f"visite:{reponse.pk}:{question['code']}").first()
        sujet = sujets.get(choix.get("sujet"))
        if sujet is None:
            continue  # the questionnaire names a subject the desk does not have: the signal alone
        routage = Demande(territoire=territoire, organisation=organisation, sujet=sujet, commune=organisation.commune)
        suite = SuiteProposee.objects.create(
            territoire=territoire, reponse=reponse, organisation=organisation, signal=signal,
            question=question["code"], motif=choix.get("motif") or choix["libelle"], sujet=sujet,
        )
        suite.conseillers.set(proposer_conseillers(routage))
    return reponse


@transaction.atomic
def accepter_suite(suite: SuiteProposee, auteur=None, conseillers=None):
    """File the desk request of a proposed follow-up and route it to the advisors proposed (or
    to ``conseillers``). Returns the request."""
    from territoire.guichet.actions import deposer_demande, orienter_demande
    from territoire.guichet.models import Demande

    if suite.statut != SuiteProposee.Statut.PROPOSEE:
        raise ValidationError("Cette suite a déjà été acceptée ou écartée.")
    visite = suite.reponse.interaction
    demande = deposer_demande(
        suite.territoire, sujet=suite.sujet, organisation=suite.organisation, origine=Demande.Origine.EQUIPE,
        description=f"{suite.motif} (visite du {visite.date:%d/%m/%Y}). Suite proposée par le questionnaire "
                    "de visite et acceptée par l'équipe.",
        par=auteur,
    )
    choisis = list(conseillers if conseillers is not None else suite.conseillers.all())
    if choisis:
        orienter_demande(demande, choisis, par=auteur)
    suite.statut, suite.demande = SuiteProposee.Statut.ACCEPTEE, demande
    suite.decide_le = timezone.now()
    suite.decide_par = auteur if getattr(auteur, "is_authenticated", False) else None
    suite.save(update_fields=["statut", "demande", "decide_le", "decide_par"])
    return demande


def ecarter_suite(suite: SuiteProposee, auteur=None) -> SuiteProposee:
    if suite.statut != SuiteProposee.Statut.PROPOSEE:
        raise ValidationError("Cette suite a déjà été acceptée ou écartée.")
    suite.statut = SuiteProposee.Statut.ECARTEE
    suite.decide_le = timezone.now()
    suite.decide_par = auteur if getattr(auteur, "is_authenticated", False) else None
    suite.save(update_fields=["statut", "decide_le", "decide_par"])
    return suite


def agregats(territoire, depuis: dt.date | None = None) -> dict:
    """Firms (their latest visit since ``depuis``, 12 months by default) by aggregate of their
    answers: {"visites": n, "entreprises": n, "embaucher": n, "investir": n, "s_agrandir": n, …}.
    Two queries; no individual answer leaves this function."""
    from territoire.reseau.queries import douze_mois_avant

    depuis = depuis or douze_mois_avant()
    reponses = list(
        ReponseVisite.objects.filter(interaction__territoire=territoire, interaction__date__gte=depuis)
        .select_related("questionnaire").order_by("interaction__organisation_id", "-interaction__date", "-pk")
        .values_list("interaction__organisation_id", "reponses", "questionnaire__questions")
    )
    derniere: dict[int, tuple] = {}
    for organisation_id, valeurs, questions in reponses:
        derniere.setdefault(organisation_id, (valeurs, questions))
    comptes: dict[str, int] = {"visites": len(reponses), "entreprises": len(derniere)}
    for valeurs, questions in derniere.values():
        for question in questions:
            for choix in question.get("choix", []):
                if choix.get("agregat"):
                    comptes.setdefault(choix["agregat"], 0)
                    if valeurs.get(question["code"]) == choix["code"]:
                        comptes[choix["agregat"]] += 1
    return comptes


# --- the yearly plan ------------------------------------------------------------------------


@dataclass
class Suggestion:
    organisation_id: int
    nom: str
    emplois: int
    score: int
    derniere_visite: dt.date | None
    raisons: list[str]


def suggestions(territoire, aujourdhui: dt.date | None = None) -> list[Suggestion]:
    """Firms worth a visit this year: 50 jobs or more (central estimate) not visited for 12
    months, or a watch-list score of ``SCORE_A_VISITER`` or more. A constant number of queries."""
    from territoire.reseau.models import Interaction, Organisation
    from territoire.reseau.queries import douze_mois_avant

    from . import veille

    aujourdhui = aujourdhui or timezone.localdate()
    limite = douze_mois_avant(aujourdhui)
    scores = {e.siren: e.score for e in (veille.classement_memorise(territoire) if aujourdhui == timezone.localdate()
                                          else veille.classement(territoire, aujourdhui))}
    visites = dict(
        Interaction.objects.filter(territoire=territoire, type="visite").order_by().values("organisation_id")
        .annotate(d=Max("date")).values_list("organisation_id", "d")
    )
    resultat = []
    orgas = list(
        Organisation.objects.du_territoire(territoire).entreprises()
        .values_list("pk", "nom", "unite_legale__siren", "etablissement__siren").order_by("nom", "pk")
    )
    emplois = veille.emplois_par_siren(territoire, {s_ul or s_e for _, _, s_ul, s_e in orgas} - {None})
    for pk, nom, siren_ul, siren_e in orgas:
        siren = siren_ul or siren_e
        nombre = emplois.get(siren, {}).get("emplois", 0)
        score = scores.get(siren, 0)
        derniere = visites.get(pk)
        raisons = []
        if nombre >= EMPLOIS_A_VISITER and (derniere is None or derniere < limite):
            raisons.append(f"environ {nombre} emplois, " + (
                f"pas de visite depuis le {derniere:%d/%m/%Y}" if derniere else "jamais visitée"))
        if score >= SCORE_A_VISITER:
            raisons.append(f"score de veille {score}")
        if raisons:
            resultat.append(Suggestion(pk, nom, nombre, score, derniere, raisons))
    return sorted(resultat, key=lambda s: (-s.score, -s.emplois, s.nom))


def plan_de(territoire, annee: int) -> PlanVisites:
    plan, _ = PlanVisites.objects.get_or_create(territoire=territoire, annee=annee)
    return plan


def ajouter_au_plan(plan: PlanVisites, organisation, motif: str = "", auteur=None) -> VisitePrevue:
    if not organisation.territoires.filter(pk=plan.territoire_id).exists():
        raise ValidationError("Cette organisation n'est pas du territoire du plan.")
    prevue, _ = VisitePrevue.objects.get_or_create(
        plan=plan, organisation=organisation,
        defaults={"motif": motif[:300], "ajoutee_par": auteur if getattr(auteur, "is_authenticated", False) else None},
    )
    return prevue


def retirer_du_plan(plan: PlanVisites, organisation) -> None:
    VisitePrevue.objects.filter(plan=plan, organisation=organisation).delete()


def avancement_du_plan(plan: PlanVisites) -> list[dict]:
    """Each planned firm with its visit of the year (if any): those without one are due.
    Two queries."""
    from territoire.reseau.models import Interaction

    prevues = list(plan.visites.select_related("organisation").order_by("organisation__nom"))
    faites = dict(
        Interaction.objects.filter(
            territoire_id=plan.territoire_id, type="visite", date__year=plan.annee,
            organisation_id__in=[p.organisation_id for p in prevues],
        ).order_by().values("organisation_id").annotate(d=Max("date")).values_list("organisation_id", "d")
    )
    return [{"prevue": p, "visitee_le": faites.get(p.organisation_id), "due": p.organisation_id not in faites}
            for p in prevues]
