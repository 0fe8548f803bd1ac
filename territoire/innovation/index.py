"""The matching index and the competence suggestion, built once per version of their data.

`VersionIndex` holds a counter renewed (in the writing transaction) by every save or delete of
what they read: the vocabulary, the holders and what they offer, the competences the team put
on needs (the suggestion learns from them). Bulk writes that send no signal (`bulk_create`,
`update`) call `renouveler_version()` themselves. Reading the version costs one query; the
built objects live in the process-wide cache shared with the consultation's suggestion
(`territoire.concertation.suggestion.CACHE`), under (use, version): a change made by any
process (a web worker, a command) is seen by all of them.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from territoire.concertation.suggestion import CACHE, Modele

from .appariement import METHODE_PAR_DEFAUT, Index, charger_corpus
from .models import (
    Competence,
    CompetenceDetenue,
    DetenteurCompetences,
    Equipement,
    EtiquetteBesoin,
    Service,
    Synonyme,
    Tutelle,
    VersionIndex,
)

# Two counters: what the index reads (vocabulary, holders, their offer), and the competences
# the team put on needs (only the suggestion learns from them: a new need does not rebuild the index).
DETENTEURS, ETIQUETTES = 1, 2
MODELES_LUS = {
    DETENTEURS: (Competence, Synonyme, DetenteurCompetences, CompetenceDetenue, Equipement, Service, Tutelle),
    ETIQUETTES: (EtiquetteBesoin,),
}


def renouveler_version(ligne: int = DETENTEURS) -> None:
    """Move a counter on: the next index or suggestion asked for is rebuilt."""
    maintenant = timezone.now()
    if VersionIndex.objects.filter(pk=ligne).update(jeton=F("jeton") + 1, modifiee_le=maintenant):
        return
    VersionIndex.objects.bulk_create([VersionIndex(pk=ligne, jeton=1, modifiee_le=maintenant)], ignore_conflicts=True)
    VersionIndex.objects.filter(pk=ligne).update(jeton=F("jeton") + 1, modifiee_le=maintenant)


def versions() -> dict[int, int]:
    """Both counters, in one query (0 when a row is missing)."""
    lignes = dict(VersionIndex.objects.filter(pk__in=(DETENTEURS, ETIQUETTES)).values_list("pk", "jeton"))
    return {DETENTEURS: lignes.get(DETENTEURS, 0), ETIQUETTES: lignes.get(ETIQUETTES, 0)}


def version() -> int:
    return versions()[DETENTEURS]


def index_du_territoire(territoire, methode: str = METHODE_PAR_DEFAUT) -> Index:
    """The matching index over the territory's holders, built once per data version."""
    index = CACHE.obtenir(f"innovation.index:{territoire.pk}", version(), lambda: Index(charger_corpus(territoire), (methode,)),
                          remplace=True)
    index.methode(methode)
    return index


def _exemples_competences() -> list[tuple[str, list[str]]]:
    """Each competence's label, synonyms and description (one example of it), and the needs the
    team tagged (their kept competences): the suggestion learns as the team corrects it."""
    synonymes: dict[int, list[str]] = {}
    for cid, terme in Synonyme.objects.values_list("competence_id", "terme"):
        synonymes.setdefault(cid, []).append(terme)
    exemples = [
        (". ".join([libelle, *synonymes.get(cid, []), description]), [code])
        for cid, code, libelle, description in Competence.objects.filter(actif=True).values_list("id", "code", "libelle", "description")
    ]
    etiquetes: dict[int, tuple[str, list[str]]] = {}
    for bid, texte, code in EtiquetteBesoin.objects.filter(retenue=True, competence__actif=True).values_list(
        "besoin_id", "besoin__texte", "competence__code"
    ):
        etiquetes.setdefault(bid, (texte, []))[1].append(code)
    return exemples + list(etiquetes.values())


def modele_competences() -> Modele:
    """The competence classifier (the consultation's TF-IDF centroids), built once per version."""
    v = versions()
    return CACHE.obtenir("innovation.competences", (v[DETENTEURS], v[ETIQUETTES]),
                         lambda: Modele.entrainer(_exemples_competences()), remplace=True)


def _ligne_de(sender) -> int:
    return ETIQUETTES if sender is EtiquetteBesoin else DETENTEURS


def _apres_ecriture(sender, raw=False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    renouveler_version(_ligne_de(sender))


def _apres_m2m(sender, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        renouveler_version(DETENTEURS)


def brancher_signaux() -> None:
    """Connect the counters' renewal to the writes of what they cover (called once, at start-up)."""
    for modeles in MODELES_LUS.values():
        for modele in modeles:
            uid = f"innovation-index-{modele._meta.label_lower}"
            post_save.connect(_apres_ecriture, sender=modele, dispatch_uid=uid)
            post_delete.connect(_apres_ecriture, sender=modele, dispatch_uid=uid)
            for champ in modele._meta.local_many_to_many:
                m2m_changed.connect(_apres_m2m, sender=champ.remote_field.through, dispatch_uid=f"{uid}-{champ.name}")


def _apres_organisation(sender, instance, raw=False, **kwargs) -> None:
    """A holder's name or description is in the index: renew when such an organisation changes."""
    if not raw and DetenteurCompetences.objects.filter(organisation_id=instance.pk).exists():
        renouveler_version()


def brancher_organisations() -> None:
    from territoire.reseau.models import Organisation

    post_save.connect(_apres_organisation, sender=Organisation, dispatch_uid="innovation-index-organisation")


def _construire_detecteur():
    from .appariement.corpus import Detecteur, EntreeCompetence

    synonymes: dict[int, list[str]] = {}
    for cid, terme in Synonyme.objects.values_list("competence_id", "terme").order_by("competence_id", "terme"):
        synonymes.setdefault(cid, []).append(terme)
    return Detecteur({
        code: EntreeCompetence(code, code, libelle, None, (libelle, *synonymes.get(cid, [])))
        for cid, code, libelle in Competence.objects.filter(actif=True).values_list("id", "code", "libelle")
    })


def detecteur_vocabulaire():
    """The vocabulary's terms → competence codes (appariement.corpus.Detecteur), once per version."""
    return CACHE.obtenir("innovation.detecteur", version(), _construire_detecteur, remplace=True)
