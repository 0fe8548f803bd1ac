"""The brownfield's own identifier (`site_id` of the standard) was shadowed by the column of its
link to an economic site: the link becomes `site_economique`, the identifier a field of its own."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('attractivite', '0003_friches_position_activites_evenements'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="friche", name="friche_id_unique_par_territoire"),
        migrations.RemoveField(
            model_name='friche',
            name='site',
        ),
        migrations.AddField(
            model_name='friche',
            name='site_economique',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='friches', to='attractivite.siteeconomique', verbose_name='site économique'),
        ),
        migrations.AddField(
            model_name='friche',
            name='site_id',
            field=models.CharField(blank=True, help_text='identifiant du site respectant la forme définie dans le standard CNIG Friches §4.2', max_length=100, verbose_name='identifiant du site'),
        ),
        migrations.AddConstraint(
            model_name="friche",
            constraint=models.UniqueConstraint(fields=("territoire", "site_id"), name="friche_id_unique_par_territoire"),
        ),
    ]
