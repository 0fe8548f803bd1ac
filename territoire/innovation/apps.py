from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "territoire.innovation"
    verbose_name = "Innover"
    # Contributes the `innovation` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.innovation.chiffres.chiffres_innovation"
    # Contributes the innovation section of a firm's or a holder's page (see territoire.reseau.sections).
    sections_organisation = "territoire.innovation.sections.section_organisation"
    # Contributes the matching holders to an innovation request's page (see territoire.guichet).
    sections_demande = "territoire.innovation.sections.section_demande"
    # Contributes the maturity averages by filière to the committee report (see territoire.programme.exports).
    sections_rapport_comite = "territoire.innovation.sections.section_rapport_comite"

    def ready(self) -> None:
        from .index import brancher_organisations, brancher_signaux

        brancher_signaux()
        brancher_organisations()
