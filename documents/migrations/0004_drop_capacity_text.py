# The capacity words are rendered from the keys now (core.acts); the text columns go, in a migration
# of their own so that PostgreSQL has checked the keys filled by 0003_who_acted_as_data before the table changes.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_who_acted_as_data'),
    ]

    operations = [
        # Blank first, so that going back can add the columns to tables that have rows.
        migrations.AlterField(
            model_name='document',
            name='drafted_capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='拟稿身份'),
        ),
        migrations.AlterField(
            model_name='historicaldocument',
            name='drafted_capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='拟稿身份'),
        ),
        migrations.AlterField(
            model_name='documentreview',
            name='capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='身份'),
        ),
        migrations.AlterField(
            model_name='historicaldocumentreview',
            name='capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='身份'),
        ),
        migrations.RemoveField(
            model_name='document',
            name='archived_capacity',
        ),
        migrations.RemoveField(
            model_name='document',
            name='distributed_capacity',
        ),
        migrations.RemoveField(
            model_name='document',
            name='drafted_capacity',
        ),
        migrations.RemoveField(
            model_name='document',
            name='reviewed_capacity',
        ),
        migrations.RemoveField(
            model_name='document',
            name='signed_capacity',
        ),
        migrations.RemoveField(
            model_name='documentreview',
            name='capacity',
        ),
        migrations.RemoveField(
            model_name='historicaldocument',
            name='archived_capacity',
        ),
        migrations.RemoveField(
            model_name='historicaldocument',
            name='distributed_capacity',
        ),
        migrations.RemoveField(
            model_name='historicaldocument',
            name='drafted_capacity',
        ),
        migrations.RemoveField(
            model_name='historicaldocument',
            name='reviewed_capacity',
        ),
        migrations.RemoveField(
            model_name='historicaldocument',
            name='signed_capacity',
        ),
        migrations.RemoveField(
            model_name='historicaldocumentreview',
            name='capacity',
        ),
        migrations.RemoveField(
            model_name='historicalreceipt',
            name='received_capacity',
        ),
        migrations.RemoveField(
            model_name='receipt',
            name='received_capacity',
        ),
    ]
