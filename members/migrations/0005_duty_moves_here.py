"""The statutory duty items move from the duties app to members: the committee's rules as data.

No row moves. The model keeps its tables (`duties_duty`, `duties_historicalduty`), so this migration only
tells Django's state that the model is now `members.Duty`; the foreign keys pointing at it follow in
meetings 0006, reports 0007 and duties 0010, which also drops `duties.Duty` from the state. The content
types are renamed, so that permissions (and anything else keyed by content type: shares, render jobs,
reminders, object permissions) go with the model.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ("duty", "historicalduty")


def _move_content_types(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if types.filter(app_label=source, model=model).exists():
            # A content type already made for the target (by a post_migrate run in between) is empty: the
            # old one, which the permissions and every generic relation point to, takes its place.
            types.filter(app_label=target, model=model).delete()
            types.filter(app_label=source, model=model).update(app_label=target)
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "duties", "members")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "members", "duties")


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0004_drop_mirrored_object_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The tables are made by the duties migrations; later members migrations may alter them.
        ("duties", "0009_reminders_in_core_ledger"),
        ("members", "0004_membership_change_names_a_person"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Duty",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "article_number",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="规定该职责的条；经镇政府批准新增的单位，其职责不在规则条文中。",
                                null=True,
                                verbose_name="条",
                            ),
                        ),
                        ("item_number", models.PositiveSmallIntegerField(verbose_name="项")),
                        ("text", models.TextField(verbose_name="职责内容")),
                        ("is_active", models.BooleanField(default=True, verbose_name="有效")),
                        (
                            "committee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="duties",
                                to="committee.committee",
                                verbose_name="委员会",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="duties",
                                to="members.memberunit",
                                verbose_name="成员单位",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "职责",
                        "verbose_name_plural": "职责",
                        "db_table": "duties_duty",
                        "ordering": ["committee", "article_number", "item_number"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("unit__isnull", False)),
                                fields=("unit", "item_number"),
                                name="unit_duty_item_unique",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("unit__isnull", True)),
                                fields=("committee", "item_number"),
                                name="committee_duty_item_unique",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalDuty",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                        ),
                        (
                            "article_number",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="规定该职责的条；经镇政府批准新增的单位，其职责不在规则条文中。",
                                null=True,
                                verbose_name="条",
                            ),
                        ),
                        ("item_number", models.PositiveSmallIntegerField(verbose_name="项")),
                        ("text", models.TextField(verbose_name="职责内容")),
                        ("is_active", models.BooleanField(default=True, verbose_name="有效")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.TextField(null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "committee",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="committee.committee",
                                verbose_name="委员会",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="members.memberunit",
                                verbose_name="成员单位",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical 职责",
                        "verbose_name_plural": "historical 职责",
                        "db_table": "duties_historicalduty",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
