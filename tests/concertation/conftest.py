import pytest

from territoire.comptes.models import Adhesion

from . import factories


@pytest.fixture
def consultation(territoire):
    return factories.consultation(territoire)


@pytest.fixture
def jeu(territoire, consultation, david):
    """A small consultation: two collective meetings, one individual interview, three firms
    (David represents the first), one partner, two findings, one answered by a fiche."""
    forges = factories.entreprise(territoire, "Forges de l'Artois", naf="25.62A", tranche="12")
    plast = factories.entreprise(territoire, "Plastiques de la Lys", naf="22.29A", tranche="21")
    agro = factories.entreprise(territoire, "Biscuits du Béthunois", naf="10.72Z", tranche="32")
    cci = factories.partenaire(territoire)
    Adhesion.objects.filter(utilisateur=david, territoire=territoire).update(organisation=forges)
    atelier = factories.reunion(consultation, "Atelier recrutement")
    atelier2 = factories.reunion(consultation, "Atelier zones d'activités", date=consultation.debut.replace(day=28))
    entretien = factories.reunion(consultation, "Entretien avec un dirigeant", type="individuelle")
    rec = factories.theme("formation-recrutement")
    zones = factories.theme("amenagement-zones")
    from territoire.concertation import actions

    c1 = actions.enregistrer_contribution(atelier, organisation=forges, texte="Nous ne trouvons pas de soudeurs.", themes=[rec])
    c2 = actions.enregistrer_contribution(atelier, organisation=plast, texte="Il manque des régleurs.", themes=[rec])
    c3 = actions.enregistrer_contribution(atelier, organisation=cci, texte="Les offres restent longtemps ouvertes.", themes=[rec])
    c4 = actions.enregistrer_contribution(
        entretien, organisation=agro, texte="Confidentiel : nous envisageons de fermer une ligne.", themes=[rec]
    )
    c5 = actions.enregistrer_contribution(atelier2, organisation=plast, texte="La voirie de la zone est saturée.", themes=[zones])
    constat_rec = actions.creer_constat(consultation, titre="Les industriels peinent à recruter", themes=[rec],
                                        contributions=[c1, c2, c3, c4])
    constat_zones = actions.creer_constat(consultation, titre="Les zones d'activités vieillissent", themes=[zones],
                                          contributions=[c5])
    fiche = factories.fiche(territoire, numero="3", titre="Créer un Campus des métiers et des qualifications")
    actions.repondre_constat(constat_rec, fiche, type="directe", commentaire="Le campus forme aux métiers en tension.")
    return {
        "forges": forges, "plast": plast, "agro": agro, "cci": cci,
        "atelier": atelier, "atelier2": atelier2, "entretien": entretien,
        "c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5,
        "constat_rec": constat_rec, "constat_zones": constat_zones, "fiche": fiche,
    }
