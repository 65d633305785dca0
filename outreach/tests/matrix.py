"""The outreach pages in the project's permission matrix (tests/test_permission_matrix.py).

Who sees what: every committee member sees the 工作动态 list (filtered to their unit for a unit's people) and the
表彰 pages; an update is seen by the leadership, the office and its own unit; 简报、通报 and the marked items by the
leadership and the office; the forms redirect, with the reason, anyone who may not use them.
"""

from __future__ import annotations

from django.utils import timezone

from outreach import services
from outreach.models import Bulletin, Commendation, Highlight, WorkUpdate

POST_ONLY = {"outreach:bulletin_issue", "outreach:highlight_unmark", "outreach:commendation_step"}
OFFICE = {"office_director", "office_staff"}
LEADERS = {"director", "deputy_plain", "deputy_expired", "deputy_revoked", "deputy_delegated"}
UNIT_OWN = {"liaison_own", "head_own"}
# Roles whose POSTs may legitimately change these rows: the office (issue, unmark, draft the 决定), the director and
# the delegated deputy (decide a commendation).
POST_MAY_CHANGE = {"office_director", "office_staff", "director", "deputy_delegated"}


def url_args(base) -> dict[str, dict]:
    committee, users = base["committee"], base["users"]
    fulian = committee.units.get(code="fulian")
    update = services.work_update_post(
        by=users["liaison-fulian"],
        unit=fulian,
        category="education",
        title="法治教育讲座",
        text="组织讲座。",
        happened_on=timezone.localdate(),
    )
    attachment = update.attachments.create(original_name="a.pdf", content_type="application/pdf", size=1, file="x.pdf")
    briefing = services.bulletin_create(
        by=users["office_staff"], committee=committee, kind="briefing", title="工作简报", updates=[update]
    )
    mark = services.highlight_mark(by=users["office_staff"], source=update, kind="problem", summary="需要通报")
    proposed = services.commendation_propose(
        by=users["office_staff"],
        committee=committee,
        year=timezone.localdate().year,
        nominee_kind="person",
        nominee="王芳",
        reason="事迹",
        unit=fulian,
    )
    decided = services.commendation_propose(
        by=users["office_staff"],
        committee=committee,
        year=timezone.localdate().year,
        nominee_kind="organisation",
        nominee="镇司法所",
        reason="事迹",
    )
    decided = services.commendation_decide(by=users["director"], commendation=decided, agree=True)
    code = {"committee_code": committee.code}
    return {
        "outreach:updates": code,
        "outreach:update_new": code,
        "outreach:update": {"pk": update.pk},
        "outreach:attachment": {"pk": attachment.pk},
        "outreach:bulletins": code,
        "outreach:bulletin_new": code,
        "outreach:bulletin": {"pk": briefing.pk},
        "outreach:bulletin_edit": {"pk": briefing.pk},
        "outreach:bulletin_issue": {"pk": briefing.pk},
        "outreach:highlights": code,
        "outreach:highlight_new": {},
        "outreach:highlight_unmark": {"pk": mark.pk},
        "outreach:commendations": code,
        "outreach:commendation_new": code,
        "outreach:commendation": {"pk": proposed.pk},
        "outreach:commendation_step": [
            {"pk": each.pk, "name": name}
            for each, names in ((proposed, ["decide", "reject"]), (decided, ["issue"]))
            for name in names
        ],
    }


def expected(name: str, role: str) -> set[int] | None:
    if not name.startswith("outreach:"):
        return None
    if name in POST_ONLY:
        return {302, 405} if role == "anonymous" else {405}
    if role == "anonymous":
        return {302}
    if name == "outreach:highlight_new":
        # Without ?source= there is nothing to mark.
        return {404}
    if role == "outsider":
        return {404}
    if name in {"outreach:update", "outreach:attachment"}:
        if name == "outreach:attachment" and role in LEADERS | OFFICE | UNIT_OWN:
            return {200, 404}  # the matrix's file is not on disk
        return {200} if role in LEADERS | OFFICE | UNIT_OWN else {404}
    if name == "outreach:update_new":
        return {200} if role == "liaison_own" or role == "liaison_other" else {302}
    if name in {"outreach:bulletins", "outreach:bulletin", "outreach:highlights"}:
        return {200} if role in LEADERS | OFFICE else {404}
    if name in {"outreach:bulletin_new", "outreach:bulletin_edit"}:
        if role in OFFICE:
            return {200}
        return {302} if role in LEADERS else {404}
    if name == "outreach:commendation_new":
        return {200} if role in OFFICE | UNIT_OWN | {"liaison_other"} else {302}
    return {200}


def snapshot():
    return (
        WorkUpdate.objects.count(),
        sorted(Bulletin.objects.values_list("pk", "document")),
        sorted(Highlight.objects.values_list("pk", "bulletin")),
        sorted(Commendation.objects.values_list("pk", "state")),
    )
