"""Until the lead mounts ``xborder.duties.api.router`` at ``/api/v1/duties/``, the API tests use this
stand-in NinjaAPI that renders errors exactly as ``xborder.api.urls`` does."""

from functools import cache

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.testing import TestClient

from xborder.core.errors import DomainError
from xborder.duties.api import router


@cache
def standin_client() -> TestClient:
    api = NinjaAPI(urls_namespace="duties-standin")

    @api.exception_handler(DomainError)
    def on_domain_error(request, exc):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        body = {"code": "invalid_input", "message": "The request has invalid fields.", "fields": {}}
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request, exc):
        body = {"code": "not_authenticated", "message": "Log in or send a valid API token.", "fields": {}}
        return api.create_response(request, body, status=401)

    api.add_router("", router)
    return TestClient(api)
