# The capacity words are rendered from the keys now (core.acts); the text columns go, in a migration
# of their own so that PostgreSQL has checked the keys filled by 0003_who_acted_as_data before the table changes.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0003_who_acted_as_data'),
    ]

    operations = [
        # Blank first, so that going back can add the columns to tables that have rows.
        migrations.AlterField(
            model_name='meeting',
            name='chair_capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='主持身份'),
        ),
        migrations.AlterField(
            model_name='historicalmeeting',
            name='chair_capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='主持身份'),
        ),
        migrations.AlterField(
            model_name='minutescomment',
            name='capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='身份'),
        ),
        migrations.AlterField(
            model_name='historicalminutescomment',
            name='capacity',
            field=models.CharField(blank=True, default='', max_length=120, verbose_name='身份'),
        ),
        migrations.RemoveField(
            model_name='decision',
            name='decided_capacity',
        ),
        migrations.RemoveField(
            model_name='historicaldecision',
            name='decided_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalmeeting',
            name='chair_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalminutes',
            name='approved_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalminutescomment',
            name='capacity',
        ),
        migrations.RemoveField(
            model_name='meeting',
            name='chair_capacity',
        ),
        migrations.RemoveField(
            model_name='minutes',
            name='approved_capacity',
        ),
        migrations.RemoveField(
            model_name='minutescomment',
            name='capacity',
        ),
    ]
