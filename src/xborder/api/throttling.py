"""Rate limits whose rates are read per request from settings or the environment, so an operator (or a
test) can change ``XBORDER_API_ANON_RATE`` / ``XBORDER_API_USER_RATE`` without rebuilding the API."""

import os

from django.conf import settings
from ninja.throttling import AnonRateThrottle, UserRateThrottle

ANON_RATE_DEFAULT = "120/m"
USER_RATE_DEFAULT = "600/m"


def configured_rate(name: str, default: str) -> str:
    return getattr(settings, name, None) or os.environ.get(name) or default


class _ConfiguredRate:
    setting_name = ""
    default_rate = ""

    def __init__(self):
        self.rate = None

    def allow_request(self, request) -> bool:
        self.rate = configured_rate(self.setting_name, self.default_rate)
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
