"""Rate limits whose rates are read per request from settings or the environment, so an operator (or a
test) can change ``XBORDER_API_ANON_RATE`` / ``XBORDER_API_USER_RATE`` without rebuilding the API.

Clients are told apart by ``REMOTE_ADDR``; behind N trusted reverse proxies set ``XBORDER_API_NUM_PROXIES=N``
and the N-th address from the right of ``X-Forwarded-For`` is used. ``X-Forwarded-For`` is never trusted
otherwise, so a client cannot dodge its limit by inventing addresses."""

import os

from django.conf import settings
from ninja.throttling import AnonRateThrottle, UserRateThrottle

ANON_RATE_DEFAULT = "120/m"
USER_RATE_DEFAULT = "600/m"


def configured_value(name: str, default: str) -> str:
    """A setting, else the environment variable of the same name, else the default."""
    return getattr(settings, name, None) or os.environ.get(name) or default


def trusted_proxies() -> int:
    return int(configured_value("XBORDER_API_NUM_PROXIES", "0"))


class _ConfiguredRate:
    setting_name = ""
    default_rate = ""

    def __init__(self):
        self.rate = None

    def get_ident(self, request) -> str:
        proxies = trusted_proxies()
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if proxies <= 0 or not forwarded:
            return request.META.get("REMOTE_ADDR", "")
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]

    def allow_request(self, request) -> bool:
        self.rate = configured_value(self.setting_name, self.default_rate)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AnonThrottle(_ConfiguredRate, AnonRateThrottle):
    """Requests without credentials, per client address."""

    setting_name = "XBORDER_API_ANON_RATE"
    default_rate = ANON_RATE_DEFAULT


class UserThrottle(_ConfiguredRate, UserRateThrottle):
    """Authenticated requests, per user id (anonymous ones fall back to the client address)."""

    setting_name = "XBORDER_API_USER_RATE"
    default_rate = USER_RATE_DEFAULT
    scope = "user"
