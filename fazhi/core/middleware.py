from __future__ import annotations

from fazhi.core.ledger import acting_as


class ActorMiddleware:
    """Makes the request's user the actor of every ledger entry written while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        with acting_as(request.user, source):
            return self.get_response(request)
