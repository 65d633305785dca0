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
    _share_person(user)
    return {
        "committee_choice": choice,
        "current_committee": current,
        "unread_count": unread_badge(user),
        "navigation": navigation_for(current.code) if current else [],
        "oversees_current": current is not None and _oversees(user, current),
        # The width from which the top bar opens out: with a committee switcher it needs the room of 1400 px.
        "nav_breakpoint": "xxl" if choice.searchable or choice.switchable else "xl",
    }


def _oversees(user, committee) -> bool:
    """Whether the top bar offers 下级委员会 (the oversight page): to a viewer (观察员) of the current committee, the
    position that reads the committees below it. The page itself answers through `restrict`; this only spares
    everyone else a link to a page without rows, from the appointments the request reads once anyway."""
    from .authority import held_by
    from .models import Position

    return any(appointment.position == Position.VIEWER for appointment in held_by(user, committee))


def _share_person(user) -> None:
    """The top bar names the person: take them from the appointments the page has read, if it has."""
    from django.contrib.auth import get_user_model

    from .authority import held_already

    related = get_user_model().person.related
    held = held_already(user)
    if held and not related.is_cached(user):
        related.set_cached_value(user, held[0].person)
