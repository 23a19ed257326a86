"""A fixed-window rate limit on the cache, keyed by client address and purpose (log-in, sign-up)."""

from django.conf import settings
from django.core.cache import cache

_PERIODS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate: str) -> tuple[int, int]:
    count, period = rate.split("/")
    return int(count), _PERIODS[period]


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(request, purpose: str) -> bool:
    """Count one attempt; ``False`` once the client is over the limit for this window."""
    limit, period = parse_rate(settings.XBORDER["LOGIN_RATE_LIMIT"])
    key = f"ratelimit:{purpose}:{client_address(request)}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit
