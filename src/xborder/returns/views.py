"""Buyer pages (ask for a return, follow it, say it was sent back) and the receiving side's pages (stores for
local returns, operators for bonded-warehouse returns): the desk, receive and inspect. Who may see or handle a
return is ``sellers.access``, as in the API and the portal; an agency's step goes through ``access.perform`` and
is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xborder.core import errors
from xborder.core.errors import DomainError
from xborder.orders.models import Package
from xborder.returns import selectors, services
from xborder.returns.errors import ReturnError
from xborder.returns.models import ReturnReason, ReturnRequest
from xborder.sellers.access import Access, perform


def _quantities(post, prefix: str) -> dict[int, int]:
    """``{line id: units}`` from ``<prefix><line id>`` inputs; blanks and zeros are left out."""
    wanted = {}
    for key, value in post.items():
        if key.startswith(prefix) and value.strip():
            try:
                units = int(value)
            except ValueError:
                raise ReturnError("quantity_invalid", _("Units are whole numbers."), fields={key: "invalid"}) from None
            if units:
                wanted[int(key.removeprefix(prefix))] = units
    return wanted


@login_required
def new_return(request, package_number: str):
    package = get_object_or_404(
        Package.objects.select_related("order", "order__store"), number=package_number, order__buyer=request.user
    )
    lines = list(package.lines.all())
    claimed = selectors.claimed_quantities(package)
    rows = [(line, line.quantity - claimed.get(line.pk, 0)) for line in lines]
    context = {"package": package, "rows": rows, "reasons": ReturnReason.choices, "error": None}
    if request.method == "POST":
        try:
            created = services.request_return(
                buyer=request.user,
                package=package,
                lines=_quantities(request.POST, "line-"),
                reason=request.POST.get("reason", ""),
                description=request.POST.get("description", ""),
                photos=request.FILES.getlist("photos"),
            )
        except ReturnError as error:
            context["error"] = error
            return render(request, "returns/new.html", context, status=error.status)
        messages.success(request, _("Return %(number)s approved.") % {"number": created.number})
        return redirect("returns:detail", number=created.number)
    return render(request, "returns/new.html", context)


def _visible(request, number: str, *, handling: bool = False) -> tuple[ReturnRequest, Access | None]:
    """The return and the user's tie to its store, by ``sellers.access`` as in the API: its buyer and those who may
    see the store's returns see it, anyone else gets 404; receiving and inspecting need ``returns.process``, else
    403."""
    try:
        return selectors.return_for(request.user, number, handling=handling)
    except errors.NotFound:
        raise Http404("No such return.") from None
    except errors.PermissionDenied:
        raise PermissionDenied("returns.process") from None


@login_required
def detail(request, number: str):
    found, tie = _visible(request, number)
    context = {"return": found, "is_buyer": found.buyer_id == request.user.pk,
               "may_handle": tie is not None and tie.allows("returns.process")}  # fmt: skip
    return render(request, "returns/detail.html", context)


@login_required
def mine(request):
    return render(request, "returns/mine.html", {"returns": selectors.returns_of_buyer(request.user)})


def _step(request, number: str, action) -> object:
    try:
        action()
    except DomainError as error:  # the ledger's and the gateway's refusals too
        messages.error(request, f"{error.message} ({error.code})")
    return redirect("returns:detail", number=number)


@login_required
@require_POST
def sent_back(request, number: str):
    found, _tie = _visible(request, number)
    return _step(request, found.number, lambda: services.mark_sent_back(
        request=found, buyer=request.user, carrier=request.POST.get("carrier", ""),
        tracking_number=request.POST.get("tracking_number", "").strip(),
    ))  # fmt: skip


@login_required
@require_POST
def cancel(request, number: str):
    found, _tie = _visible(request, number)
    return _step(request, found.number, lambda: services.cancel_return(request=found, buyer=request.user))


@login_required
@require_POST
def receive(request, number: str):
    """The goods arrived: store editors, agencies with ``customer_service`` (audited) and operators."""
    found, tie = _visible(request, number, handling=True)
    return _step(request, found.number, lambda: perform(
        tie, "returns.process", lambda: services.receive_return(request=found, actor=request.user),
        details={"return": found.number, "step": "received"},
    ))  # fmt: skip


@login_required
@require_POST
def inspect(request, number: str):
    """Inspect and refund, by the same rule as receiving."""
    found, tie = _visible(request, number, handling=True)

    note = request.POST.get("note", "")

    def action():
        accepted = _quantities(request.POST, "accept-") if request.POST.get("mode") == "partial" else None

        def inspect_it():
            return services.inspect_return(request=found, accepted=accepted, note=note, actor=request.user)

        perform(tie, "returns.process", inspect_it,
                details={"return": found.number, "step": "inspected", "accepted": accepted})  # fmt: skip

    return _step(request, found.number, action)


@login_required
def manage(request):
    """The returns desk: open returns of every store whose returns the user may see (``returns.view``), all stores'
    for operators. No tie to any store is a 404; ties but none that shows returns, a 403."""
    try:
        returns = selectors.returns_to_receive(request.user)
    except errors.NotFound:
        raise Http404("No store of yours receives returns.") from None
    except errors.PermissionDenied:
        raise PermissionDenied("returns.view") from None
    return render(request, "returns/manage.html", {"returns": returns})
