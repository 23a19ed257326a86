import time


class ServerTimingMiddleware:
    """Adds a ``Server-Timing: app;dur=<ms>`` header; the benchmarks read server time from it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response
