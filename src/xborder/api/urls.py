"""The one NinjaAPI at ``/api/v1/``: mounts each app's router and renders every error in one JSON shape
``{"code": ..., "message": ..., "fields": {...}}``."""

import os

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from xborder.accounts.api import router as accounts_router
from xborder.catalog.api import router as catalog_router
from xborder.core.errors import DomainError
from xborder.pricing.api import router as pricing_router
from xborder.sellers.api import router as sellers_router

api = NinjaAPI(
    title="xborder API",
    version="1",
    description="Import cross-border e-commerce: catalog, stores, FX, accounts, duties.",
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[
        AnonRateThrottle(os.environ.get("XBORDER_API_ANON_RATE", "120/m")),
        AuthRateThrottle(os.environ.get("XBORDER_API_USER_RATE", "600/m")),
    ],
)


def error_response(request, status: int, code: str, message: str, fields: dict | None = None):
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return error_response(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        fields[".".join(location) or "__all__"] = error.get("msg", "invalid")
    return error_response(request, 422, "invalid_input", "The request has invalid fields.", fields)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return error_response(request, 401, "not_authenticated", "Log in or send a valid API token.")


@api.exception_handler(DjangoPermissionDenied)
def on_permission_denied(request, exc):
    return error_response(request, 403, "permission_denied", "You may not do this.")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error_response(request, 404, "not_found", "Not found.")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    codes = {429: "rate_limited", 405: "method_not_allowed", 400: "bad_request"}
    return error_response(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


api.add_router("/accounts", accounts_router)
api.add_router("/catalog", catalog_router)
api.add_router("/stores", sellers_router)
api.add_router("/fx", pricing_router)
