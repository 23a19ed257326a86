"""API authentication every router uses: a bearer token (``Authorization: Bearer xb_...``) or the
browser session (with CSRF)."""

from django.conf import settings
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from xborder.accounts.services import authenticate_api_token

TOKEN = "token"
SESSION = "session"


class CsrfFailed(HttpError):
    """A logged-in browser sent an unsafe request without a valid CSRF token."""

    def __init__(self):
        super().__init__(403, "The CSRF token is missing or wrong; send the X-CSRFToken header.")


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = authenticate_api_token(token)
        if user is not None:
            request.user = user
            request.auth_method = TOKEN
        return user


class SessionAuth(APIKeyCookie):
    """The Django session; CSRF is checked only once we know a user is logged in, so anonymous
    requests get 401 ``not_authenticated`` rather than a CSRF failure."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailed()
        request.auth_method = SESSION
        return user


session_auth = SessionAuth()
token_or_session = [ApiTokenAuth(), session_auth]


def authenticated_by_session(request) -> bool:
    return getattr(request, "auth_method", None) == SESSION
