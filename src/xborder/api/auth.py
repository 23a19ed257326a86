"""API authentication: a bearer token (``Authorization: Bearer xb_...``) or the browser session (with CSRF)."""

from ninja.security import HttpBearer, django_auth

from xborder.accounts.services import authenticate_api_token


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = authenticate_api_token(token)
        if user is not None:
            request.user = user
        return user


token_or_session = [ApiTokenAuth(), django_auth]
