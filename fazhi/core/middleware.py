from __future__ import annotations

import time

from django.conf import settings
from django.utils import translation

from fazhi.core.ledger import acting_as


class ActorMiddleware:
    """Makes the request's user the actor of every ledger entry written while it is served.
    A change refused because its record is closed (fazhi.core.frozen) answers 409 with the
    reason, whatever page tried it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        with acting_as(request.user, source):
            return self.get_response(request)

    def process_exception(self, request, exception):
        from fazhi.core.frozen import RecordFrozen

        if isinstance(exception, RecordFrozen):
            from django.shortcuts import render

            return render(request, "409.html", {"reason": exception.reason}, status=409)
        return None


class LanguageMiddleware:
    """Simplified Chinese unless the user chose another language with the switcher (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a government
    system speaks Chinese by default, whatever language an office PC's browser was set up in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


# An authenticated session is written at most this often: its idle timeout slides with use
# (SESSION_COOKIE_AGE from the last refresh) without a database write on every page view.
SESSION_REFRESH_SECONDS = 60


class SessionRefreshMiddleware:
    """Refresh the signed-in user's session at most once a minute (instead of Django's
    SESSION_SAVE_EVERY_REQUEST): the 等保 idle timeout holds to within that minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and session.session_key and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - int(session.get("_refreshed", 0)) >= SESSION_REFRESH_SECONDS:
                session["_refreshed"] = now  # marks it modified: SessionMiddleware saves it
        return response
