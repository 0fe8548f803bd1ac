import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("referentiel", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Entree",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.PositiveBigIntegerField()),
                ("element", models.CharField(blank=True, help_text="La partie du dossier qui a changé (jalon, inscription…) ; vide : le dossier lui-même.", max_length=60, verbose_name="élément")),
                ("element_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("le", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("nature", models.CharField(choices=[("creation", "Création"), ("modification", "Modification"), ("suppression", "Suppression"), ("statut", "Changement de statut"), ("commentaire", "Commentaire"), ("fusion", "Fusion de doublons"), ("donnees_personnelles", "Données personnelles (RGPD)"), ("autre", "Autre")], default="modification", max_length=24)),
                ("action", models.CharField(help_text="Ce qui s'est passé, en une phrase.", max_length=300)),
                ("changements", models.JSONField(blank=True, default=dict, help_text="Champ → [avant, après].")),
                ("note", models.TextField(blank=True, help_text="Note d'un changement de statut, texte d'un commentaire.")),
                ("auteur", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype")),
                ("territoire", models.ForeignKey(blank=True, help_text="Territoire du dossier, quand il n'en a qu'un (une organisation peut en avoir plusieurs).", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="historique", to="referentiel.territoire")),
            ],
            options={
                "verbose_name": "entrée d'historique",
                "verbose_name_plural": "historique",
                "ordering": ["-le", "-pk"],
                "indexes": [
                    models.Index(fields=["content_type", "object_id", "le"], name="historique_dossier"),
                    models.Index(fields=["territoire", "le"], name="historique_territoire"),
                ],
            },
        ),
    ]
