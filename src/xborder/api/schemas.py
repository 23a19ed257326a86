"""Schemas every router shares: the one error shape and the documentation of error codes."""

from ninja import Schema


class ErrorOut(Schema):
    """Every error the API returns: a stable machine ``code``, a human ``message`` and per-field problems."""

    code: str
    message: str
    fields: dict[str, str]


# Codes any endpoint may return, whatever it does.
COMMON_ERRORS = {
    401: "`not_authenticated` (endpoints that need a log-in)",
    403: "`csrf_failed` (session requests without the CSRF token), `permission_denied`",
    422: "`invalid_input` (a field is missing, of the wrong type or out of range; see `fields`)",
    429: "`rate_limited`",
}


def error_responses(*statuses: int) -> dict:
    """``response=`` entries documenting the error shape for the given statuses."""
    return dict.fromkeys(statuses, ErrorOut)


def describe_errors(codes: dict[int, str]) -> str:
    """A Markdown list of the error codes of one endpoint, for its OpenAPI description."""
    lines = [f"- **{status}**: {text}" for status, text in sorted(codes.items())]
    return "Errors (shape `{code, message, fields}`):\n\n" + "\n".join(lines)
