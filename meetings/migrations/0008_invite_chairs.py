"""The chair is among a meeting's invitees (Art 21): meetings not yet held or cancelled get their chair's
invitation, as scheduling now gives it. Held meetings keep the attendance that was recorded."""

from django.db import migrations


def invite_chairs(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Invitation = apps.get_model("meetings", "Invitation")
    open_meetings = Meeting.objects.filter(state__in=["planned", "notified"]).select_related("chair")
    for meeting in open_meetings.iterator():
        Invitation.objects.get_or_create(meeting_id=meeting.pk, person_id=meeting.chair.person_id)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_merge_0006_duty_in_members_0006_state_machine"),
    ]

    operations = [migrations.RunPython(invite_chairs, migrations.RunPython.noop)]
