"""A territory filled with `n` of everything a workspace reads, for content and query-count tests.

Objects are created with the ORM directly: the workspace only reads them.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from territoire.comptes.models import Adhesion
from territoire.etablissements.models import Changement, ImportSirene
from territoire.guichet.models import Antenne, Conseiller, Demande, Institution, Orientation, Sujet
from territoire.programme.models import (
    ActionSuivi,
    Axe,
    Decision,
    FicheAction,
    Indicateur,
    Instance,
    Jalon,
    PointOrdreDuJour,
    Programme,
    Seance,
    StatutFiche,
    ValeurIndicateur,
)
from territoire.reseau.models import EvenementReseau, Inscription, Interaction, Organisation, Suivi
from tests.etablissements import factories as etab_factories

_n = itertools.count(1)


def _orga(territoire, nom, type_="entreprise", commune=None):
    orga = Organisation.objects.create(nom=nom, type=type_, commune=commune, naf="25.62A", tranche_effectifs="12")
    orga.territoires.add(territoire)
    return orga


def sujet() -> Sujet:
    s, _ = Sujet.objects.get_or_create(code="recrutement-test", defaults={"libelle": "Recrutement (test)"})
    return s


def annuaire(territoire, chloe):
    """One institution, one branch, one advisor held by Chloé (partner)."""
    inst_orga = _orga(territoire, "CCI Artois (test)", "partenaire")
    inst = Institution.objects.create(territoire=territoire, organisation=inst_orga, nom="CCI Artois (test)")
    ant_orga = _orga(territoire, "CCI Artois — Béthune (test)", "partenaire")
    ant = Antenne.objects.create(institution=inst, nom="Béthune", organisation=ant_orga)
    conseiller = Conseiller.objects.create(
        antenne=ant, prenom="Chloé", nom="Conseil", courriel="chloe@cci.example", utilisateur=chloe
    )
    Adhesion.objects.filter(utilisateur=chloe, territoire=territoire).update(organisation=ant_orga)
    return conseiller


def remplir(territoire, n: int, *, chloe, david, conseiller=None) -> dict:
    """`n` of each thing the four workspaces show; returns what the tests check."""
    maintenant = timezone.now()
    aujourdhui = timezone.localdate()
    commune = territoire.communes.order_by("code_insee").first()
    conseiller = conseiller or annuaire(territoire, chloe)
    entreprise_david = _orga(territoire, f"Forges de David {next(_n)}", commune=commune)
    Adhesion.objects.filter(utilisateur=david, territoire=territoire).update(organisation=entreprise_david)
    s = sujet()
    firmes = [_orga(territoire, f"Entreprise {next(_n)}", commune=commune) for _ in range(n)]
    for i, f in enumerate(firmes):
        # A new request nobody has routed, filed 20 days ago (late) or today.
        Demande.objects.create(
            territoire=territoire, organisation=f, sujet=s, description="Besoin", commune=commune,
            origine="equipe", deposee_le=maintenant - dt.timedelta(days=20 if i % 2 == 0 else 0),
        )
        # A request routed to Chloé's branch, new and old (late for her).
        d = Demande.objects.create(
            territoire=territoire, organisation=f, sujet=s, description="Besoin routé", commune=commune,
            origine="equipe", deposee_le=maintenant - dt.timedelta(days=15), orientee_le=maintenant,
        )
        Orientation.objects.create(demande=d, conseiller=conseiller, confirmee_le=maintenant)
        # A request of David's firm.
        Demande.objects.create(
            territoire=territoire, organisation=entreprise_david, sujet=s, description="Notre besoin",
            origine="compte", deposee_le=maintenant - dt.timedelta(days=i),
        )
        # Half the firms were visited last month; an email does not count.
        if i % 2:
            Interaction.objects.create(territoire=territoire, organisation=f, type="visite",
                                       date=aujourdhui - dt.timedelta(days=30), objet="Visite")
        else:
            Interaction.objects.create(territoire=territoire, organisation=f, type="courriel",
                                       date=aujourdhui - dt.timedelta(days=3), objet="Courriel")
        Suivi.objects.create(organisation=f, action=f"Rappeler {f.nom}", echeance=aujourdhui - dt.timedelta(days=i % 3))
        ev = EvenementReseau.objects.create(
            territoire=territoire, titre=f"Club {i}", type="club",
            date=maintenant + dt.timedelta(days=10 if i % 2 else -10),
        )
        Inscription.objects.create(evenement=ev, organisation=entreprise_david)

    programme = Programme.objects.create(
        territoire=territoire, nom="Plan test", code=f"p{next(_n)}", debut=dt.date(2023, 1, 1), fin=dt.date(2027, 12, 31)
    )
    axes = [Axe.objects.create(programme=programme, code=f"axe{k}", libelle=f"Axe {k}", ordre=k) for k in range(2)]
    en_cours, _ = StatutFiche.objects.get_or_create(
        territoire=territoire, code="en-cours", defaults={"libelle": "En cours", "categorie": "en_cours"}
    )
    for i in range(n):
        f = FicheAction.objects.create(
            programme=programme, numero=str(i + 1), titre=f"Fiche {i + 1}", statut=en_cours, avancement=10 * (i % 10),
            date_debut=dt.date(2023, 1, 1), date_fin=aujourdhui - dt.timedelta(days=1) if i % 2 else dt.date(2027, 1, 1),
            pilote_organisation=entreprise_david if i % 3 == 0 else None,
        )
        f.axes.add(axes[i % 2])
        Jalon.objects.create(fiche=f, libelle="Jalon", date_prevue=aujourdhui - dt.timedelta(days=5))
        FicheAction.objects.create(programme=programme, numero=f"{i + 1}.1", titre="Sous-fiche", parent=f,
                                   statut=en_cours, avancement=50)
    instance = Instance.objects.create(territoire=territoire, programme=programme, nom="Comité de projet", type="comite_projet")
    passee = Seance.objects.create(instance=instance, date=aujourdhui - dt.timedelta(days=30))
    for k in range(n):
        seance = Seance.objects.create(instance=instance, date=aujourdhui + dt.timedelta(days=7 + k))
        PointOrdreDuJour.objects.create(seance=seance, titre="Point", ordre=k)
        Decision.objects.create(seance=passee, texte=f"Décision {k}")
        ActionSuivi.objects.create(seance=passee, libelle=f"Action {k}", echeance=aujourdhui - dt.timedelta(days=1))
        ind = Indicateur.objects.create(programme=programme, libelle=f"Indicateur {k}", unite="emplois")
        ValeurIndicateur.objects.create(indicateur=ind, date=dt.date(2027, 12, 31), type="cible", valeur=100)
        ValeurIndicateur.objects.create(indicateur=ind, date=dt.date(2025, 12, 31), type="realise", valeur=40 + k)

    run = ImportSirene.objects.create(
        territoire=territoire, source="StockEtablissement_utf8.zip", format="zip",
        statut=ImportSirene.Statut.REUSSI, debut=maintenant, fin=maintenant,
    )
    for i in range(n):
        e = etab_factories.etablissement(commune)
        Changement.objects.create(import_sirene=run, etablissement=e, type="fermeture", avant="A", apres="F")
        e2 = etab_factories.etablissement(commune)
        Changement.objects.create(import_sirene=run, etablissement=e2, type="tranche",
                                  avant="20 à 49 salariés", apres="10 à 19 salariés" if i % 2 else "50 à 99 salariés")
    return {"firmes": firmes, "entreprise_david": entreprise_david, "programme": programme, "import": run}
