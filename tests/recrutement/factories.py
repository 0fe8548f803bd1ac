"""Plain factories for Recruter (each returns a saved object) and small LHEO documents."""

from __future__ import annotations

import itertools

from territoire.recrutement.models import (
    ActionFormation,
    Formation,
    FormationRome,
    OffreEmploi,
    SessionFormation,
)

_n = itertools.count(1)


def formation(territoire, *, intitule=None, romes=("H2903",), commune=None, distance_km=0.0, industrielle=True,
              organisme_nom="Lycée des métiers (test)", contact_nom="", debut=None, **kw):
    n = next(_n)
    f = Formation.objects.create(territoire=territoire, numero=kw.pop("numero", f"T-{n}"), intitule=intitule or f"Formation {n}",
                                 romes=",".join(romes), industrielle=industrielle, organisme_nom=organisme_nom,
                                 contact_nom=contact_nom, **kw)
    FormationRome.objects.bulk_create([FormationRome(formation=f, rome=r) for r in romes])
    action = ActionFormation.objects.create(formation=f, code_commune=commune.code_insee if commune else "",
                                            commune=commune, ville=commune.nom if commune else "",
                                            distance_km=distance_km, modalite="0")
    if debut:
        SessionFormation.objects.create(action=action, debut=debut)
    return f


def offre(territoire, *, rome="H2903", commune=None, identifiant=None, **kw):
    return OffreEmploi.objects.create(territoire=territoire, identifiant=identifiant or f"O{next(_n)}", rome=rome,
                                      intitule=kw.pop("intitule", "Opérateur régleur CN H/F"), commune=commune,
                                      code_commune=commune.code_insee if commune else "", **kw)


NS22 = "http://www.lheo.org/2.2"
NS23 = "http://lheo.gouv.fr/2.3"


def offre_lheo(numero="F1", *, intitule="Technicien d'usinage en commande numérique", rome="H2903",
               commune="62119", siret="73282932000074", debut="20270105", fin="20270630", extra_formation="",
               extra_action="", organisme=True) -> str:
    """One <formation> valid for LHEO 2.2 and 2.3 (only the namespace changes)."""
    orga = (f"""<organisme-formation-responsable><numero-activite>31000000000</numero-activite>
      <SIRET-organisme-formation><SIRET>{siret}</SIRET></SIRET-organisme-formation>
      <nom-organisme>Organisme de test</nom-organisme><raison-sociale>Organisme de test</raison-sociale>
      <coordonnees-organisme><coordonnees><adresse><ligne>1 rue X</ligne><codepostal>62400</codepostal><ville>Béthune</ville>
      <code-INSEE-commune>{commune}</code-INSEE-commune></adresse></coordonnees></coordonnees-organisme>
      <contact-organisme><coordonnees><nom>Dupont</nom></coordonnees></contact-organisme>
      </organisme-formation-responsable>""" if organisme else "")
    return f"""<formation numero="{numero}">
    <domaine-formation><code-FORMACODE>31054</code-FORMACODE><code-NSF>251</code-NSF><code-ROME>{rome}</code-ROME></domaine-formation>
    <intitule-formation>{intitule}</intitule-formation>
    <objectif-formation>&lt;p&gt;Conduire un centre d'usinage.&lt;/p&gt;</objectif-formation>
    <resultats-attendus>Titre professionnel</resultats-attendus>
    <contenu-formation>Usinage, programmation</contenu-formation>
    <certifiante>1</certifiante>
    <contact-formation><coordonnees><nom>Martin</nom><prenom>Camille</prenom><telfixe><numtel>03 21 00 00 00</numtel></telfixe><courriel>camille.martin@example.org</courriel></coordonnees></contact-formation>
    <parcours-de-formation>1</parcours-de-formation>
    <code-niveau-entree>0</code-niveau-entree>{extra_formation}
    <action numero="{numero}-A1">
      <rythme-formation>Temps plein</rythme-formation>
      <code-public-vise>80056</code-public-vise>
      <niveau-entree-obligatoire>0</niveau-entree-obligatoire>
      <modalites-alternance>-</modalites-alternance>
      <modalites-enseignement>0</modalites-enseignement>
      <conditions-specifiques>-</conditions-specifiques>
      <prise-en-charge-frais-possible>0</prise-en-charge-frais-possible>
      <lieu-de-formation><coordonnees><nom>Centre de test</nom><adresse><ligne>1 rue X</ligne><codepostal>62400</codepostal><ville>Béthune</ville><code-INSEE-commune>{commune}</code-INSEE-commune></adresse></coordonnees></lieu-de-formation>
      <modalites-entrees-sorties>0</modalites-entrees-sorties>
      <session numero="{numero}-S1"><periode><debut>{debut}</debut><fin>{fin}</fin></periode>
        <adresse-inscription><adresse><ligne>1 rue X</ligne><codepostal>62400</codepostal><ville>Béthune</ville></adresse></adresse-inscription>
        <etat-recrutement>1</etat-recrutement></session>{extra_action}
    </action>
    {orga}
  </formation>"""


def document_lheo(*offres: str, ns: str = NS22, prologue: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return f'{prologue}\n<lheo xmlns="{ns}"><offres>{"".join(offres)}</offres></lheo>\n'
