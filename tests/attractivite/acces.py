"""Who may see each page of the `attractivite` app (the access walk, tests/test_acces.py).

Here the prospect names no partner, so a partner does not see it (a named partner does:
test_vues.py); the premises belong to nobody's organisation, so only the team edits them."""

from tests.acces_outils import EQUIPE, EQUIPE_PILOTAGE, INTERNES, TOUS, Attendu

EQUIPE_PARTENAIRE = frozenset({"alice", "chloe"})


def _site(territoire):
    """The site and its public land; built once (the accessibility walk builds every pattern's
    arguments in one database: a second site on the same zone would break its uniqueness)."""
    from territoire.attractivite.models import SiteEconomique, TerrainEconomique
    from tests.attractivite import factories as f

    deja = TerrainEconomique.objects.filter(site__territoire=territoire, terr_id="T-PUBLIC").select_related("site").first()
    if deja is not None:
        return deja.site, deja
    # In a transactional test (the accessibility walk) the zone's hook has already made the
    # zone's site, under the identifier the factory uses: this site replaces it.
    SiteEconomique.objects.filter(territoire=territoire, zone__isnull=False, terrains__isnull=True).delete()
    site = f.site(territoire, public=True, site_nom="Parc des essais")
    terrain = f.terrain(site, "T-PUBLIC", 3.5, public=True)
    return site, terrain


def _arg_site(territoire):
    return {"territoire": territoire.slug, "pk": _site(territoire)[0].pk}


def _arg_terrain(territoire):
    return {"territoire": territoire.slug, "pk": _site(territoire)[1].pk}


def _local(territoire):
    from tests.attractivite import factories as f

    return f.local(territoire, nom="Atelier des essais", public=True)


def _arg_local(territoire):
    return {"territoire": territoire.slug, "pk": _local(territoire).pk}


def _arg_photo(territoire):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from territoire.attractivite.actions.locaux import ajouter_photo

    tampon = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(tampon, format="PNG")
    photo = ajouter_photo(_local(territoire), SimpleUploadedFile("p.png", tampon.getvalue()), "Quai de chargement couvert")
    return {"territoire": territoire.slug, "pk": photo.pk}


def _arg_photo_retirer(territoire):
    arguments = _arg_photo(territoire)
    from territoire.attractivite.models import PhotoLocal

    photo = PhotoLocal.objects.get(pk=arguments["pk"])
    return {"territoire": territoire.slug, "pk": photo.local_id, "photo": photo.pk}


def _arg_friche(territoire):
    from territoire.attractivite.models import Friche

    return {"territoire": territoire.slug, "pk": Friche.objects.create(territoire=territoire, site_id="F-1",
                                                                       site_nom="Ancienne cokerie").pk}


def _arg_prospect(territoire):
    from tests.attractivite import factories as f

    return {"territoire": territoire.slug, "pk": f.prospect(territoire, nom_de_code="Projet Essai").pk}


def _arg_inventaire(territoire):
    from territoire.attractivite.actions import etablir_inventaire

    _site(territoire)
    return {"territoire": territoire.slug, "pk": etablir_inventaire(territoire).pk}


def _arg_document(territoire):
    return _arg_inventaire(territoire) | {"format": "docx"}


ATTENDUS = [
    Attendu("attractivite:espace", voient=INTERNES, contient="Attirer"),
    Attendu("attractivite:sites", voient=INTERNES, contient="Sites économiques"),
    Attendu("attractivite:site", voient=INTERNES, arguments=_arg_site, contient="Parc des essais"),
    Attendu("attractivite:site_modifier", voient=EQUIPE, arguments=_arg_site, contient="Modifier le site"),
    Attendu("attractivite:site_remplir", voient=EQUIPE, arguments=_arg_site, methode_get=False),
    Attendu("attractivite:terrain", voient=INTERNES, arguments=_arg_terrain, contient="T-PUBLIC"),
    Attendu("attractivite:terrain_modifier", voient=EQUIPE, arguments=_arg_terrain, contient="T-PUBLIC"),
    Attendu("attractivite:import", voient=EQUIPE, contient="Importer l'inventaire"),
    Attendu("attractivite:export", voient=EQUIPE_PILOTAGE),
    Attendu("attractivite:inventaires", voient=EQUIPE_PILOTAGE, contient="Inventaire des zones d'activité économique"),
    Attendu("attractivite:inventaire_etablir", voient=EQUIPE, methode_get=False),
    Attendu("attractivite:inventaire", voient=EQUIPE_PILOTAGE, arguments=_arg_inventaire, contient="Parc des essais"),
    Attendu("attractivite:inventaire_document", voient=EQUIPE_PILOTAGE, arguments=_arg_document),
    Attendu("attractivite:locaux", voient=INTERNES, contient="Locaux à vendre ou à louer"),
    Attendu("attractivite:local_nouveau", voient=EQUIPE_PARTENAIRE, contient="Nouveau local"),
    Attendu("attractivite:local", voient=INTERNES, arguments=_arg_local, contient="Atelier des essais"),
    Attendu("attractivite:local_modifier", voient=EQUIPE, arguments=_arg_local, contient="Atelier des essais"),
    Attendu("attractivite:local_photo", voient=EQUIPE, arguments=_arg_local, methode_get=False),
    Attendu("attractivite:photo_retirer", voient=EQUIPE, arguments=_arg_photo_retirer, methode_get=False),
    # A public premises' photo is public; the others only for internal roles (test_vues.py).
    Attendu("attractivite:photo", voient=TOUS, arguments=_arg_photo),
    Attendu("attractivite:friches", voient=TOUS, contient="Friches et leur requalification"),
    Attendu("attractivite:friches_import", voient=EQUIPE, contient="standard Friches"),
    Attendu("attractivite:friche", voient=INTERNES, arguments=_arg_friche, contient="Ancienne cokerie"),
    Attendu("attractivite:friche_phase", voient=EQUIPE, arguments=_arg_friche, methode_get=False),
    Attendu("attractivite:friche_budget", voient=EQUIPE, arguments=_arg_friche, methode_get=False),
    Attendu("attractivite:friche_cofinancement", voient=EQUIPE, arguments=_arg_friche, methode_get=False),
    Attendu("attractivite:friche_activite", voient=EQUIPE, arguments=_arg_friche, methode_get=False),
    Attendu("attractivite:prospects", voient=INTERNES, contient="Projets d'implantation"),
    Attendu("attractivite:prospect_nouveau", voient=EQUIPE, contient="Nouveau projet"),
    Attendu("attractivite:entonnoir", voient=EQUIPE_PILOTAGE, contient="Entonnoir"),
    Attendu("attractivite:prospect", voient=EQUIPE_PILOTAGE, arguments=_arg_prospect, contient="Projet Essai"),
    Attendu("attractivite:prospect_modifier", voient=EQUIPE, arguments=_arg_prospect, contient="Projet Essai"),
    Attendu("attractivite:prospect_etape", voient=EQUIPE, arguments=_arg_prospect, methode_get=False),
    Attendu("attractivite:prospect_proposer", voient=EQUIPE, arguments=_arg_prospect, methode_get=False),
    Attendu("attractivite:prospect_visite", voient=EQUIPE, arguments=_arg_prospect, methode_get=False),
    Attendu("attractivite:implanter", voient=TOUS, contient="S'implanter sur le territoire"),
    Attendu("attractivite:offre_terrain", voient=TOUS, arguments=_arg_terrain, contient="Parc des essais"),
    Attendu("attractivite:offre_terrain_pdf", voient=TOUS, arguments=_arg_terrain),
    Attendu("attractivite:offre_local", voient=TOUS, arguments=_arg_local, contient="Atelier des essais"),
    Attendu("attractivite:offre_local_pdf", voient=TOUS, arguments=_arg_local),
    Attendu("attractivite:contact", voient=TOUS, contient="Votre projet d'implantation"),
    Attendu("attractivite:merci", voient=TOUS, contient="bien reçue"),
]
