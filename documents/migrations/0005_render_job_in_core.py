"""The documents' own render job becomes core's one render job (kind documents.official); every row is carried."""

from django.db import migrations

FIELDS = [
    "status", "error", "attempts", "queued_at", "started_at", "finished_at",
    "pdf", "sha256", "size_bytes", "pages", "duration_ms",
]


def carry_forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Old = apps.get_model("documents", "RenderJob")
    New = apps.get_model("core", "RenderJob")
    document_type, _ = ContentType.objects.get_or_create(app_label="documents", model="document")
    New.objects.bulk_create(
        [
            New(kind="documents.official", subject_type=document_type, subject_id=old.document_id,
                **{name: getattr(old, name) for name in FIELDS})
            for old in Old.objects.all()
        ]
    )


def carry_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Old = apps.get_model("documents", "RenderJob")
    New = apps.get_model("core", "RenderJob")
    document_type, _ = ContentType.objects.get_or_create(app_label="documents", model="document")
    Old.objects.bulk_create(
        [
            Old(document_id=new.subject_id, **{name: getattr(new, name) for name in FIELDS})
            for new in New.objects.filter(kind="documents.official", subject_type=document_type)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ('documents', '0004_drop_capacity_text'),
        ("core", "0001_platform"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(carry_forward, carry_back),
        migrations.RemoveField(model_name="renderjob", name="document"),
        migrations.DeleteModel(name="HistoricalRenderJob"),
        migrations.DeleteModel(name="RenderJob"),
    ]
