# The capacity words are rendered from the keys now (core.acts); the text columns go, in a migration
# of their own so that PostgreSQL has checked the keys filled by 0002_who_acted_as_data before the table changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0002_who_acted_as_data'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalmembershipchange',
            name='decided_capacity',
        ),
        migrations.RemoveField(
            model_name='historicalnewunitproposal',
            name='agreed_capacity',
        ),
        migrations.RemoveField(
            model_name='membershipchange',
            name='decided_capacity',
        ),
        migrations.RemoveField(
            model_name='newunitproposal',
            name='agreed_capacity',
        ),
    ]
