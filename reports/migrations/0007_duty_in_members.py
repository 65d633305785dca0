"""A report's duty entry points at members.Duty (see members 0005): the same table, so only the state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_duty_moves_here"),
        ("reports", "0006_reminders_in_core_ledger"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="dutyentry",
                    name="duty",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="members.duty",
                        verbose_name="职责",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaldutyentry",
                    name="duty",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.duty",
                        verbose_name="职责",
                    ),
                ),
            ],
        ),
    ]
