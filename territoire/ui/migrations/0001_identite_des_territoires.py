import django.db.models.deletion
from django.db import migrations, models

import territoire.ui.models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("referentiel", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Identite",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("couleur_accent", models.CharField(default="#005f73", help_text="Au format #rrvvbb ; elle doit offrir un contraste de 4,5:1 avec le blanc (RGAA).", max_length=7, validators=[territoire.ui.models.valider_accent], verbose_name="couleur d'accent")),
                ("logo", models.BinaryField(blank=True, editable=False, null=True, verbose_name="logo")),
                ("logo_type", models.CharField(blank=True, editable=False, max_length=20, verbose_name="type du logo")),
                ("logo_texte", models.CharField(blank=True, help_text="Ce que le logo dit, pour qui ne le voit pas (vide : le nom du territoire).", max_length=200, verbose_name="texte de remplacement du logo")),
                ("editeur", models.CharField(blank=True, help_text="La collectivité qui publie le site, par exemple la communauté d'agglomération.", max_length=250, verbose_name="éditeur du site")),
                ("editeur_adresse", models.TextField(blank=True, verbose_name="adresse de l'éditeur")),
                ("editeur_siren", models.CharField(blank=True, max_length=9, verbose_name="SIREN de l'éditeur")),
                ("directeur_publication", models.CharField(blank=True, help_text="En général le président ou la présidente de la collectivité.", max_length=200, verbose_name="directeur ou directrice de la publication")),
                ("courriel_contact", models.EmailField(blank=True, max_length=254, verbose_name="courriel de contact")),
                ("hebergeur", models.TextField(blank=True, help_text="Nom, adresse et téléphone de l'hébergeur du site.", verbose_name="hébergeur")),
                ("conformite", models.CharField(choices=[("non", "Non conforme"), ("partielle", "Partiellement conforme"), ("totale", "Totalement conforme")], default="non", help_text="« Non conforme » tant qu'aucun audit n'a été mené (obligation légale).", max_length=10, verbose_name="état de conformité au RGAA")),
                ("taux_conformite", models.DecimalField(blank=True, decimal_places=2, help_text="Part des critères RGAA respectés lors du dernier audit.", max_digits=5, null=True, verbose_name="taux de conformité (%)")),
                ("date_audit", models.DateField(blank=True, null=True, verbose_name="date du dernier audit")),
                ("auditeur", models.CharField(blank=True, max_length=200, verbose_name="réalisé par")),
                ("non_conformites", models.TextField(blank=True, help_text="Les non-conformités connues, une par ligne.", verbose_name="contenus non accessibles")),
                ("derogations", models.TextField(blank=True, help_text="Une par ligne, avec sa raison.", verbose_name="dérogations pour charge disproportionnée")),
                ("contact_accessibilite", models.EmailField(blank=True, help_text="Où signaler un défaut d'accessibilité ou demander un contenu sous une autre forme.", max_length=254, verbose_name="contact pour l'accessibilité")),
                ("date_declaration", models.DateField(blank=True, null=True, verbose_name="date de la déclaration")),
                ("responsable_traitement", models.CharField(blank=True, help_text="Vide : l'éditeur du site.", max_length=250, verbose_name="responsable des traitements")),
                ("contact_dpo", models.EmailField(blank=True, max_length=254, verbose_name="contact du délégué à la protection des données")),
                ("modifie_le", models.DateTimeField(auto_now=True, verbose_name="modifiée le")),
                ("territoire", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="identite", to="referentiel.territoire")),
            ],
            options={
                "verbose_name": "identité du territoire",
                "verbose_name_plural": "identités des territoires",
            },
        ),
    ]
