"""Returns of a store in the portal: the list, one return, and receiving and inspecting it. Store editors and
agencies with the ``customer_service`` scope handle them; every write goes through ``access.perform``, so an
agency member's step is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xborder.core.errors import DomainError
from xborder.returns import selectors, services
from xborder.returns.models import ReturnRequest, ReturnStatus
from xborder.sellerportal.views import _render
from xborder.sellers.access import Access, perform, require


@login_required
def returns(request, slug: str):
    access = require(request, slug, "returns.view")
    status = request.GET.get("status") or ""
    if status not in ReturnStatus.values:
        status = ""
    rows = selectors.returns_of_store(access.store, status=status).order_by("-applied_at")[:200]
    context = {"returns": rows, "status": status, "statuses": ReturnStatus.choices}
    return _render(request, "sellerportal/returns.html", access, context)


def _store_return(access: Access, number: str) -> ReturnRequest:
    found = selectors.return_detail(number)
    if found is None or found.order.store_id != access.store.pk:
        raise Http404("No such return.")
    return found


@login_required
def return_detail(request, slug: str, number: str):
    access = require(request, slug, "returns.view")
    return _render(request, "sellerportal/return_detail.html", access, {"return": _store_return(access, number)})


def _accepted(post) -> dict[int, int] | None:
    """``accept-<order line id>`` inputs when only some units are accepted; None accepts everything."""
    if post.get("mode") != "partial":
        return None
    accepted = {}
    for key, value in post.items():
        if key.startswith("accept-") and key.removeprefix("accept-").isdigit():
            text = value.strip()
            accepted[int(key.removeprefix("accept-"))] = int(text) if text.isdigit() else text
    return accepted


@login_required
@require_POST
def return_receive(request, slug: str, number: str):
    access = require(request, slug, "returns.process")
    found = _store_return(access, number)
    _step(request, access, found, lambda: services.receive_return(request=found, actor=request.user), "received")
    return redirect("sellerportal:return_detail", slug=slug, number=number)


@login_required
@require_POST
def return_inspect(request, slug: str, number: str):
    access = require(request, slug, "returns.process")
    found = _store_return(access, number)
    accepted = _accepted(request.POST)
    note = request.POST.get("note", "")[:500]

    def inspect():
        return services.inspect_return(request=found, accepted=accepted, note=note, actor=request.user)

    _step(request, access, found, inspect, "inspected", accepted=accepted)
    return redirect("sellerportal:return_detail", slug=slug, number=number)


def _step(request, access: Access, found: ReturnRequest, write, done: str, **details) -> None:
    try:
        perform(access, "returns.process", write, details={"return": found.number, "step": done, **details})
    except DomainError as error:  # the ledger's and the gateway's refusals too
        messages.error(request, f"{error.message} ({error.code})")
    else:
        messages.success(request, _("Return %(number)s %(step)s.") % {"number": found.number, "step": done})
