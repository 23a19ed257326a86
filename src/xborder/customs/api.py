"""``/api/v1/customs/``: a buyer's package clearance (plain words plus each message's state)."""

from __future__ import annotations

from ninja import Router, Schema

from xborder.accounts.api_auth import token_or_session
from xborder.customs import selectors

router = Router(tags=["customs"])


class MessageOut(Schema):
    message_type: str
    state: str


class ClearanceOut(Schema):
    package: str
    package_status: str
    clearance: str | None
    clearance_label: str
    reason: str
    messages: list[MessageOut]


@router.get("/packages/{number}", response=ClearanceOut, auth=token_or_session)
def package_clearance(request, number: str):
    """Where the buyer's package stands with customs; someone else's package is a 404 ``not_found``."""
    package = selectors.package_clearance(buyer=request.auth, number=number)
    declaration = getattr(package, "declaration", None)
    if declaration is None:
        return ClearanceOut(
            package=package.number,
            package_status=package.status,
            clearance=None,
            clearance_label="Not declared yet",
            reason="",
            messages=[],
        )
    return ClearanceOut(
        package=package.number,
        package_status=package.status,
        clearance=declaration.clearance,
        clearance_label=str(declaration.get_clearance_display()),
        reason=declaration.clearance_reason if declaration.clearance == "rejected" else "",
        messages=[MessageOut(message_type=m.message_type, state=m.state) for m in declaration.messages.all()],
    )
