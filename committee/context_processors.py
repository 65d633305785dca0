from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .authority import committees_visible_to

# The top bar of UI.md, in its order. An entry shows once its app serves the page (its URL resolves),
# so a capability that is not built yet has no menu entry rather than a dead link.
NAVIGATION = [
    ("meetings", _("会议"), "meetings:list"),
    ("tasks", _("督办"), "duties:tasks"),
    ("reports", _("年度报告"), "reports:cycles"),
    ("documents", _("公文"), "documents:list"),
    ("inspections", _("督导检查"), "duties:inspections"),
    ("research", _("调查研究"), "reports:topics"),
]


def _navigation(committee) -> list[tuple[str, str, str]]:
    entries = []
    for key, label, name in NAVIGATION:
        try:
            entries.append((key, label, reverse(name, kwargs={"committee_code": committee.code})))
        except NoReverseMatch:
            continue
    return entries


def current_committee(request):
    """The committee the pages speak of: the one chosen in the switcher, else the user's first one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_committees"):
        request._committees = list(committees_visible_to(user).order_by("code"))
    committees = request._committees
    chosen = request.session.get("committee")
    current = next((c for c in committees if c.code == chosen), committees[0] if committees else None)
    from .models import Notification

    unread = Notification.objects.filter(recipient__user=user, read_at__isnull=True).count()
    return {
        "committees": committees,
        "current_committee": current,
        "unread_count": unread,
        "navigation": _navigation(current) if current else [],
    }
