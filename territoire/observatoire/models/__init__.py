"""What the observatory stores.

- ``version``: the token of the key figures' cache;
- ``historique``: the SIRENE history (periods of each establishment), its import runs and the
  monthly series materialised from it and from the stock imports;
- ``evenements``: the territory's industrial events (closures, openings, labels…);
- ``veille``: the watch list's rules, signals and the BODACC notices they read;
- ``visites``: the firm visit survey, its answers, proposed follow-ups and the yearly visit plan;
- ``centres``: decision centres of establishments and labels of organisations.
"""

from .centres import CentreDecision, Label, LabelOrganisation
from .evenements import Evenement
from .historique import ImportHistorique, PeriodeEtablissement, PointSerie
from .veille import AnnonceBodacc, ImportBodacc, RegleSignal, Signal
from .version import VersionDonnees
from .visites import PlanVisites, Questionnaire, ReponseVisite, SuiteProposee, VisitePrevue

__all__ = [
    "AnnonceBodacc", "CentreDecision", "Evenement", "ImportBodacc", "ImportHistorique", "Label",
    "LabelOrganisation", "PeriodeEtablissement", "PlanVisites", "PointSerie", "Questionnaire", "RegleSignal",
    "ReponseVisite", "Signal", "SuiteProposee", "VersionDonnees", "VisitePrevue",
]
