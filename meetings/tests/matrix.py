"""The meeting pages in the project's permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from meetings import services
from meetings.models import (
    AgendaItem,
    CalendarToken,
    Decision,
    Invitation,
    Material,
    Meeting,
    MeetingKind,
    Minutes,
    MinutesComment,
)
from meetings.tests import factories

OFFICE = {"office_director", "office_staff"}
UNIT_PEOPLE = {"liaison_own", "liaison_other", "head_own"}
OFFICE_ONLY = {"meetings:new", "meetings:edit", "meetings:invite", "meetings:attendance", "meetings:decision_new"}
POST_ONLY = {"meetings:step", "meetings:minutes_step", "meetings:item_step"}
# The office may schedule, notify, accept items and move the minutes on; the director, who chairs the meeting whose
# comment period is over, may approve its minutes (a step that takes no input). Nobody else's POST may change a thing.
POST_MAY_CHANGE = OFFICE | {"director"}


def url_args(base) -> dict[str, dict]:
    committee, users = base["committee"], base["users"]
    approved, _minutes, (decision,) = factories.approved_meeting(users, committee, kind=MeetingKind.PLENARY, days=-20)
    drafting = factories.schedule(users, committee, starts_at=factories.at(-2), title="起草纪要中的办公室会议")
    factories.hold(users, drafting)
    drafted = services.minutes_draft(by=users["office_staff"], meeting=drafting, text="草稿")
    in_review = services.minutes_submit(
        by=users["office_staff"],
        minutes=services.minutes_draft(
            by=users["office_staff"],
            meeting=factories.hold(users, factories.schedule(users, committee, starts_at=factories.at(-3))),
            text="待审核的纪要",
        ),
    )
    commented, _decisions = factories.minutes_in_comments(
        users, factories.hold(users, factories.schedule(users, committee, starts_at=factories.at(-4)))
    )
    due, _decisions = factories.minutes_in_comments(
        users, factories.hold(users, factories.schedule(users, committee, starts_at=factories.at(-5)))
    )
    factories.pass_comment_period(due)
    upcoming = factories.schedule(users, committee, starts_at=factories.at(7), title="即将召开的办公室会议")
    item = services.agenda_item_propose(
        by=users["liaison-fulian"],
        meeting=upcoming,
        unit=factories.unit(committee, "fulian"),
        title="妇联议题",
        files=[factories.checked(factories.pdf())],
    )
    token = services.calendar_token_issue(user=users["liaison-fulian"])
    code = committee.code
    return {
        "meetings:list": {"committee_code": code},
        "meetings:new": {"committee_code": code},
        "meetings:calendar": {"committee_code": code},
        "meetings:compliance": {"committee_code": code},
        "meetings:agenda_propose": {"committee_code": code},
        "meetings:feed_settings": {},
        "meetings:feed": {"token": token.token},
        "meetings:detail": {"pk": approved.pk},
        "meetings:edit": {"pk": upcoming.pk},
        "meetings:invite": {"pk": upcoming.pk},
        # Every declared step of a meeting, of its minutes and of an agenda item, on one in the state it starts from.
        "meetings:step": [
            {"pk": meeting.pk, "name": name}
            for meeting, names in (
                (upcoming, ["notify", "cancel"]),
                (drafting, ["draft_minutes"]),
                (approved, ["revise_minutes"]),
            )
            for name in names
        ],
        "meetings:minutes_step": [
            {"pk": minutes.pk, "name": name}
            for minutes, names in (
                (drafted, ["edit", "submit"]),
                (in_review, ["review", "send_back"]),
                (commented, ["comment"]),
                (due, ["approve"]),
            )
            for name in names
        ],
        "meetings:item_step": [{"pk": item.pk, "name": name} for name in ("accept", "decline", "add_materials")],
        "meetings:attendance": {"pk": drafting.pk},
        "meetings:ics": {"pk": approved.pk},
        "meetings:item_new": {"pk": upcoming.pk},
        "meetings:minutes": {"pk": approved.pk},
        "meetings:decision_new": {"pk": drafting.pk},
        "meetings:item": {"pk": item.pk},
        "meetings:material": {"pk": item.materials.get().pk},
        "meetings:decision": {"pk": decision.pk},
    }


def expected(name: str, role: str) -> set[int] | None:
    if not name.startswith("meetings:"):
        return None
    if name == "meetings:feed":
        return {200}  # the secret in the address is the credential, whoever asks
    if role == "anonymous":
        return {302}
    if name in POST_ONLY:
        return {405}
    if name == "meetings:feed_settings":
        return {200}  # says so in words when the user is nobody in a committee
    if role == "outsider":
        return {404}
    if name in OFFICE_ONLY:
        return {200} if role in OFFICE else {302}
    if name == "meetings:item_new":
        return {200} if role in OFFICE | UNIT_PEOPLE else {302}
    return {200}


def snapshot():
    return (
        sorted(Meeting.objects.values_list("pk", "state", "sequence", "notice_sent_at")),
        sorted(Invitation.objects.values_list("pk", "attendance")),
        sorted(AgendaItem.objects.values_list("pk", "state")),
        Material.objects.count(),
        sorted(Minutes.objects.values_list("pk", "state", "text")),
        MinutesComment.objects.count(),
        sorted(Decision.objects.values_list("pk", "title", "effective_at")),
        sorted(CalendarToken.objects.values_list("pk", "revoked_at")),
    )
