"""The duty items left for members (members 0005): inspection items point at members.Duty, and duties.Duty
leaves the state. The tables stay where they are; the database is not touched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("duties", "0009_reminders_in_core_ledger"),
        ("members", "0005_duty_moves_here"),
        # Every foreign key to duties.Duty points elsewhere before the model leaves the state.
        ("meetings", "0006_duty_in_members"),
        ("reports", "0007_duty_in_members"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="inspectionitem",
                    name="duty",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="inspection_items",
                        to="members.duty",
                        verbose_name="职责",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalinspectionitem",
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
                migrations.DeleteModel(name="HistoricalDuty"),
                migrations.DeleteModel(name="Duty"),
            ],
        ),
    ]
