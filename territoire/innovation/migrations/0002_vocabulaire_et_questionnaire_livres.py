"""Load the shipped competence vocabulary and the industry-of-the-future questionnaire (v1).

Both are data the team edits afterwards; `territoire recherche vocabulaire` reloads the
vocabulary, a new questionnaire version comes as a new file. Idempotent."""

from datetime import date

from django.db import migrations


def charger(apps, schema_editor):
    from territoire.innovation.diagnostic import QUESTIONNAIRE_LIVRE, lire_questionnaire
    from territoire.innovation.vocabulaire import FICHIER_LIVRE, SOURCE_LIVREE, lire

    Competence = apps.get_model("innovation", "Competence")
    Synonyme = apps.get_model("innovation", "Synonyme")
    entrees = lire(FICHIER_LIVRE.read_bytes(), FICHIER_LIVRE.name)
    par_code = {}
    for e in entrees:
        c, _ = Competence.objects.get_or_create(
            code=e.code, defaults={"libelle": e.libelle, "categorie": e.categorie, "description": e.description,
                                   "source": e.source or SOURCE_LIVREE},
        )
        par_code[e.code] = c
        existants = set(Synonyme.objects.filter(competence=c).values_list("terme", flat=True))
        Synonyme.objects.bulk_create([Synonyme(competence=c, terme=t) for t in e.synonymes if t not in existants])
    for e in entrees:
        if e.parent and par_code[e.code].parent_id is None:
            par_code[e.code].parent = par_code[e.parent]
            par_code[e.code].save(update_fields=["parent"])

    Questionnaire = apps.get_model("innovation", "Questionnaire")
    Dimension = apps.get_model("innovation", "Dimension")
    q = lire_questionnaire(QUESTIONNAIRE_LIVRE)
    if not Questionnaire.objects.filter(code=q["code"], version=q["version"]).exists():
        questionnaire = Questionnaire.objects.create(
            code=q["code"], version=q["version"], titre=q["titre"], description=q.get("description", ""),
            publie_le=date.fromisoformat(q["publie_le"]), source=f"territoire/innovation/data/{QUESTIONNAIRE_LIVRE.name}",
        )
        Dimension.objects.bulk_create([
            Dimension(questionnaire=questionnaire, code=d["code"], libelle=d["libelle"], ordre=i, question=d["question"],
                      niveaux=d["niveaux"], prochaines_etapes=d["prochaines_etapes"], sujets=d.get("sujets", []),
                      mots_cles=d.get("mots_cles", []))
            for i, d in enumerate(q["dimensions"], start=1)
        ])


class Migration(migrations.Migration):
    dependencies = [("innovation", "0001_detenteurs_besoins_projets_diagnostics_technopole")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
