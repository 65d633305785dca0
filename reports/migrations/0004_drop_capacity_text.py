# The capacity words are rendered from the keys now (core.acts); the text columns go, in a migration
# of their own so that PostgreSQL has checked the keys filled by 0003_who_acted_as_data before the table changes.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_who_acted_as_data'),
    ]

    operations = [
        # Blank first, so that going back can add the columns to tables that have rows.
        migrations.AlterField(
            model_name='reportcycle',
            name='opened_capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='开通身份'),
        ),
        migrations.AlterField(
            model_name='historicalreportcycle',
            name='opened_capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='开通身份'),
        ),
        migrations.AlterField(
            model_name='reportversion',
            name='submitted_capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='提交身份'),
        ),
        migrations.AlterField(
            model_name='historicalreportversion',
            name='submitted_capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='提交身份'),
        ),
        migrations.RemoveField(
            model_name='annualreport',
            name='accepted_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalannualreport',
            name='accepted_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalreportcycle',
            name='opened_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalreportissue',
            name='follow_up_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalreportversion',
            name='confirmed_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalreportversion',
            name='outcome_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalreportversion',
            name='submitted_capacity',
        ),
        migrations.RemoveField(
            model_name='reportcycle',
            name='opened_capacity',
        ),
        migrations.RemoveField(
            model_name='reportissue',
            name='follow_up_capacity',
        ),
        migrations.RemoveField(
            model_name='reportversion',
            name='confirmed_capacity',
        ),
        migrations.RemoveField(
            model_name='reportversion',
            name='outcome_capacity',
        ),
        migrations.RemoveField(
            model_name='reportversion',
            name='submitted_capacity',
        ),
    ]
