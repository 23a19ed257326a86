"""The base of every domain error: a stable machine code, a human message and optional field errors.

API endpoints render it as ``{"code": ..., "message": ..., "fields": {...}}``; pages show the message.
"""


class DomainError(Exception):
    """A rule of the domain was not met; nothing was changed."""

    status = 400
    code = "invalid"

    def __init__(self, code: str | None = None, message: str = "", *, fields: dict | None = None, status=None):
        self.code = code or self.code
        self.message = message or self.code.replace("_", " ")
        self.fields = fields or {}
        if status is not None:
            self.status = status
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    code = "permission_denied"
