# The capacity words are rendered from the keys now (core.acts); the text columns go, in a migration
# of their own so that PostgreSQL has checked the keys filled by 0007_who_acted_as_data before the table changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('duties', '0007_who_acted_as_data'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='extensionrequest',
            name='decided_capacity',
        ),
        migrations.RemoveField(
            model_name='followuptask',
            name='closed_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalextensionrequest',
            name='decided_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalfollowuptask',
            name='closed_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalinspection',
            name='closed_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalinspection',
            name='decided_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalinspection',
            name='proposed_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalinspectionfinding',
            name='recorded_capacity',
        ),
        migrations.RemoveField(
            model_name='historicaltaskupdate',
            name='capacity',
        ),
        migrations.RemoveField(
            model_name='inspection',
            name='closed_capacity',
        ),
        migrations.RemoveField(
            model_name='inspection',
            name='decided_capacity',
        ),
        migrations.RemoveField(
            model_name='inspection',
            name='proposed_capacity',
        ),
        migrations.RemoveField(
            model_name='inspectionfinding',
            name='recorded_capacity',
        ),
        migrations.RemoveField(
            model_name='taskupdate',
            name='capacity',
        ),
    ]
