from __future__ import annotations

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
