from core.navigation import navigation_for

from .authority import committees_visible_to


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
        "navigation": navigation_for(current.code) if current else [],
    }
