"""The one NinjaAPI at ``/api/v1/``: mounts each app's router and renders every error in one JSON shape
``{"code": ..., "message": ..., "fields": {...}}``."""

import functools
import inspect
import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from xborder.accounts.api import router as accounts_router
from xborder.accounts.api_auth import CsrfFailed
from xborder.api.throttling import AnonThrottle, UserThrottle
from xborder.catalog.api import router as catalog_router
from xborder.checkout.api import router as checkout_router
from xborder.core.errors import DomainError
from xborder.customs.api import router as customs_router
from xborder.duties.api import router as duties_router
from xborder.logistics.api import router as logistics_router
from xborder.orders.api import router as orders_router
from xborder.payments.api import router as payments_router
from xborder.pricing.api import router as pricing_router
from xborder.returns.api import router as returns_router
from xborder.sellers.api import router as sellers_router
from xborder.settlement.api import router as settlement_router

logger = logging.getLogger(__name__)

DESCRIPTION = """Import cross-border e-commerce: catalog, stores, FX, accounts, duties.

**Authentication**: `Authorization: Bearer xb_...` (create a token at `POST /api/v1/accounts/tokens` from a
logged-in browser session) or the browser session itself (unsafe methods then need the `X-CSRFToken` header).

**Money** is always a decimal string (`"199.00"`), never a float.

**Errors** all have one shape: `{"code": "...", "message": "...", "fields": {"field": "problem"}}`. Codes are
stable; messages are for people. Common codes: `invalid_input` (422), `malformed_json` (400),
`not_authenticated` (401), `csrf_failed` (403), `permission_denied` (403), `not_found` (404),
`rate_limited` (429, with `Retry-After`), `method_not_allowed` (405), `payload_too_large` (413),
`server_error` (500). NUL characters anywhere in a request are `invalid_input`.

**Rate limits**: `XBORDER_API_ANON_RATE` (default 120/m per address) and `XBORDER_API_USER_RATE` (default
600/m per user); clients are told apart by address (`XBORDER_API_NUM_PROXIES` trusted proxies, default 0).
"""


class XborderAPI(NinjaAPI):
    """Every URL pattern is wrapped so that what Ninja answers in plain text or HTML (a wrong method, an
    unknown path) and what the database would fail on (NUL characters, refused by PostgreSQL) become the
    same JSON error shape as everything else."""

    def _get_urls(self):
        patterns = [self._guarded(pattern) for pattern in super()._get_urls()]
        patterns.append(re_path(r"^.*$", csrf_exempt(self._unknown_endpoint), name="unknown-endpoint"))
        return patterns

    def _guarded(self, pattern):
        if not isinstance(pattern, URLPattern) or inspect.iscoroutinefunction(pattern.callback):
            return pattern
        view = pattern.callback

        @functools.wraps(view)
        def guarded_view(request, *args, **kwargs):
            try:
                has_nul = _has_nul_character(request)
            except RequestDataTooBig:
                return error_response(request, 413, "payload_too_large", "The request body is too large.")
            if has_nul:
                return error_response(
                    request, 422, "invalid_input", "NUL characters are not allowed.", {"__all__": "nul_character"}
                )
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponseNotAllowed):
                return response
            error = error_response(request, 405, "method_not_allowed", f"{request.method} is not allowed here.")
            error["Allow"] = response["Allow"]
            return error

        return URLPattern(pattern.pattern, guarded_view, pattern.default_args, pattern.name)

    def _unknown_endpoint(self, request, *args, **kwargs):
        return error_response(request, 404, "not_found", "No such API endpoint.")


def _has_nul_character(request) -> bool:
    """A NUL in the path, a query parameter or a JSON string (``\\u0000``); raw NULs are malformed JSON anyway."""
    if "\x00" in request.path:
        return True
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
        return True
    return b"\\u0000" in request.body


api = XborderAPI(
    title="xborder API",
    version="1",
    description=DESCRIPTION,
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[AnonThrottle(), UserThrottle()],
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
    response = error_response(request, 401, "not_authenticated", "Log in or send a valid API token.")
    response["WWW-Authenticate"] = 'Bearer realm="xborder"'
    return response


@api.exception_handler(CsrfFailed)
def on_csrf_failed(request, exc: CsrfFailed):
    return error_response(request, 403, "csrf_failed", str(exc))


@api.exception_handler(DjangoPermissionDenied)
def on_permission_denied(request, exc):
    return error_response(request, 403, "permission_denied", "You may not do this.")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error_response(request, 404, "not_found", "Not found.")


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    return error_response(request, 429, "rate_limited", "Too many requests; slow down and retry later.")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    codes = {400: "malformed_json", 403: "permission_denied", 405: "method_not_allowed"}
    return error_response(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


@api.exception_handler(Exception)
def on_unexpected_error(request, exc: Exception):
    logger.exception("API error on %s %s", request.method, request.path)
    return error_response(request, 500, "server_error", "Something went wrong on our side.")


api.add_router("/accounts", accounts_router)
api.add_router("/catalog", catalog_router)
api.add_router("/stores", sellers_router)
api.add_router("/fx", pricing_router)
api.add_router("/duties", duties_router)
api.add_router("/customs", customs_router)
api.add_router("/checkout", checkout_router)
api.add_router("/orders", orders_router)
api.add_router("/payments", payments_router)
api.add_router("/logistics", logistics_router)
api.add_router("/returns", returns_router)
api.add_router("/settlement", settlement_router)
