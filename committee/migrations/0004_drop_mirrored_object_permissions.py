"""Object permissions are no longer copied from appointments into guardian's tables: the authority service
answers lists in the query. The mirrored rows go; nothing else wrote to these tables."""

from django.db import migrations


def drop_mirrored(apps, schema_editor):
    apps.get_model("committee", "CommitteeUserObjectPermission").objects.all().delete()
    apps.get_model("committee", "CommitteeGroupObjectPermission").objects.all().delete()
    apps.get_model("members", "MemberUnitUserObjectPermission").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0003_shares"),
        ("members", "0001_initial"),
    ]

    operations = [migrations.RunPython(drop_mirrored, migrations.RunPython.noop)]
