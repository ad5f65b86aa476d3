"""API authentication classes (kept apart from fazhi.core.api: DRF imports these while its
own views module is still loading)."""

from rest_framework import authentication, exceptions

from fazhi.core import security


class TokenAuthentication(authentication.TokenAuthentication):
    """Token authentication that holds tokens to the same account rules as signing in: an
    account whose password must be changed is refused until it is changed (等保 身份鉴别)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        reason = security.password_change_reason(user)
        if reason:
            raise exceptions.AuthenticationFailed(reason)
        return user, token
