"""A decision's duty is now members.Duty (see members 0005): the same table, so the state changes, not the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_reminders_in_core_ledger"),
        ("members", "0005_duty_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="decision",
                    name="duty",
                    field=models.ForeignKey(
                        help_text="第五条规定的委员会职责中的一项。",
                        limit_choices_to={"unit__isnull": True},
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="members.duty",
                        verbose_name="所履行的委员会职责",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaldecision",
                    name="duty",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="第五条规定的委员会职责中的一项。",
                        limit_choices_to={"unit__isnull": True},
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.duty",
                        verbose_name="所履行的委员会职责",
                    ),
                ),
            ],
        ),
    ]
