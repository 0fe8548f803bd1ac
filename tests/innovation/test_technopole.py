"""The Technopôle: occupancy over time from its units and stays, departures and where firms went."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from territoire.innovation import actions
from territoire.innovation.occupation import occupation, serie, trimestres
from tests.innovation import factories
from tests.reseau import factories as reseau


@pytest.fixture
def technopole(territoire, db):
    t = factories.detenteur(territoire, nom="Technopôle d'essai", type="technopole", competences=())
    a = actions.ouvrir_cellule(t, nom="A1", type="bureau", surface_m2=Decimal("40"), ouverte_le=date(2020, 1, 1))
    b = actions.ouvrir_cellule(t, nom="B1", type="atelier", surface_m2=Decimal("160"), ouverte_le=date(2022, 1, 1))
    return t, a, b


def test_les_trimestres_vont_du_premier_jour_du_trimestre_de_depart():
    assert trimestres(date(2021, 11, 5), date(2022, 4, 1)) == [date(2021, 10, 1), date(2022, 1, 1), date(2022, 4, 1)]


@pytest.mark.django_db
def test_l_occupation_est_la_surface_occupee_sur_la_surface_ouverte(territoire, technopole):
    t, a, b = technopole
    h = actions.heberger(t, reseau.organisation(territoire), debut=date(2021, 6, 1), secteur="Capteurs", cellules=[a])
    actions.heberger(t, reseau.organisation(territoire), debut=date(2022, 3, 1), secteur="Robots", cellules=[b])
    actions.noter_depart(h, fin=date(2023, 1, 1), destination="Zone d'activité", destination_commune=territoire.communes.first())
    cellules, hebergements = [a, b], list(t.hebergements.prefetch_related("cellules"))
    assert occupation(cellules, hebergements, date(2021, 12, 1)).taux == 100.0
    assert occupation(cellules, hebergements, date(2022, 2, 1)).taux == 20.0
    assert occupation(cellules, hebergements, date(2022, 6, 1)).taux == 100.0
    assert occupation(cellules, hebergements, date(2023, 6, 1)).taux == 80.0
    assert occupation([], [], date(2023, 6, 1)).taux is None
    assert len(serie(cellules, hebergements, date(2023, 6, 1))) >= 14
    h.refresh_from_db()
    assert h.reste_sur_le_territoire is True


@pytest.mark.django_db
def test_une_cellule_occupee_ne_peut_pas_accueillir_une_seconde_entreprise(territoire, technopole):
    t, a, _b = technopole
    actions.heberger(t, reseau.organisation(territoire), debut=date(2021, 6, 1), secteur="Capteurs", cellules=[a])
    with pytest.raises(ValidationError, match="déjà occupée"):
        actions.heberger(t, reseau.organisation(territoire), debut=date(2022, 6, 1), secteur="Autre", cellules=[a])


@pytest.mark.django_db
def test_une_sortie_avant_l_entree_est_refusee(territoire, technopole):
    t, a, _b = technopole
    h = actions.heberger(t, reseau.organisation(territoire), debut=date(2021, 6, 1), secteur="Capteurs", cellules=[a])
    with pytest.raises(ValidationError, match="précède"):
        actions.noter_depart(h, fin=date(2020, 1, 1))


@pytest.mark.django_db
def test_la_page_montre_occupation_courbe_et_departs(client, territoire, alice, technopole):
    t, a, b = technopole
    h = actions.heberger(t, reseau.organisation(territoire, nom="Capteurs Nord"), debut=date(2021, 6, 1), secteur="Capteurs", cellules=[a])
    actions.noter_depart(h, fin=date(2023, 1, 1), destination="Métropole lilloise", reste_sur_le_territoire=False)
    client.force_login(alice)
    page = client.get(reverse("innovation:technopole", kwargs={"territoire": territoire.slug})).content.decode()
    assert "Occupation du Technopôle d&#x27;essai" in page and "Métropole lilloise" in page and "Capteurs Nord" in page


@pytest.mark.django_db
def test_une_cellule_libre_pointe_son_local_dans_attirer(territoire, technopole):
    from territoire.attractivite.models import Local

    t, a, _b = technopole
    local = Local.objects.create(territoire=territoire, nom="Bureau de 40 m² au Technopôle", type="bureaux",
                                 commune=territoire.communes.first(), surface_m2=40)
    actions.lier_local(a, local)
    a.refresh_from_db()
    assert a.local == local and list(local.cellules_technopole.all()) == [a]
    ailleurs = Local.objects.create(territoire=factories_autre_territoire(), nom="Ailleurs", type="bureaux",
                                    commune=territoire.communes.first(), surface_m2=40)
    with pytest.raises(ValidationError, match="autre territoire"):
        actions.lier_local(a, ailleurs)


def factories_autre_territoire():
    from territoire.referentiel.models import Territoire

    return Territoire.objects.create(nom="Autre", slug="autre-technopole")
