import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

# The session records the last request at most this often, so that reading pages does not write a row each time.
LAST_SEEN_KEY = "last_seen"
LAST_SEEN_RESOLUTION = 60


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose another language (the language cookie).

    The browser's Accept-Language is not consulted: an office PC set up in English still
    gets the Chinese UI its colleagues see, and English is one click away.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def session_seen(session) -> None:
    """Marks the session active now; called at login (committee.apps) and by the middleware below."""
    session[LAST_SEEN_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Logs out a session that made no request for SESSION_IDLE_SECONDS (default two hours): a shared office
    PC left logged in does not stay so. The session's own expiry moves with it, because writing the mark saves
    the session with a fresh SESSION_COOKIE_AGE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN_KEY)
            if isinstance(seen, int) and now - seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("您已长时间未操作，为安全起见已自动退出登录，请重新登录。"))
            elif not isinstance(seen, int) or now - seen >= LAST_SEEN_RESOLUTION:
                session_seen(request.session)
        return self.get_response(request)


class ReadingOnceMiddleware:
    """A page that only reads (GET, HEAD) asks the authority service many questions, from the top bar to the
    to-do providers: within it, the user's appointments are read once (`authority.reading_once`). Requests that
    may write (POST and the rest) read afresh each time, as services must."""

    SAFE = frozenset({"GET", "HEAD"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.SAFE:
            return self.get_response(request)
        from .authority import reading_once

        with reading_once():
            return self.get_response(request)
