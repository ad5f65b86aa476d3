"""API authentication classes (kept apart from fazhi.core.api: DRF imports these while its
own views module is still loading)."""

from rest_framework import authentication, exceptions

from fazhi.core import security


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` with fazhi's device tokens (fazhi.core.tokens: expiry,
    revocation, only the key's digest stored), held to the same account rules as signing in: an
    account whose password must be changed is refused until it is changed (等保 身份鉴别)."""

    def authenticate_credentials(self, key):
        from fazhi.core import tokens

        try:
            user, token = tokens.authenticate(key)
        except tokens.TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from None
        reason = security.password_change_reason(user)
        if reason:
            raise exceptions.AuthenticationFailed(reason)
        return user, token
