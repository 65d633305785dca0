from core.navigation import navigation_for

from .selectors import committee_choice, unread_badge


def current_committee(request):
    """The committee the pages speak of, the switcher, the inbox badge and the top bar: a few queries, however
    many committees and notifications the user has."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    choice = committee_choice(request)
    current = choice.current
    return {
        "committee_choice": choice,
        "current_committee": current,
        "unread_count": unread_badge(user),
        "navigation": navigation_for(current.code) if current else [],
    }
