"""Buyer pages (ask for a return, follow it, say it was sent back) and the receiving side's pages (stores for
local returns, operators for bonded-warehouse returns): receive and inspect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xborder.core.errors import DomainError
from xborder.orders.models import Package
from xborder.returns import selectors, services
from xborder.returns.errors import ReturnError
from xborder.returns.models import OPEN_STATUSES, ReturnReason, ReturnRequest
from xborder.sellers.models import Store


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


def _visible(request, number: str) -> ReturnRequest:
    found = selectors.return_detail(number)
    if found is None:
        raise Http404
    if found.buyer_id == request.user.pk or _may_handle(request.user, found):
        return found
    raise Http404


def _may_handle(user, found: ReturnRequest) -> bool:
    return user.is_staff or found.order.store.members.filter(user=user).exists()


@login_required
def detail(request, number: str):
    found = _visible(request, number)
    context = {"return": found, "is_buyer": found.buyer_id == request.user.pk,
               "may_handle": _may_handle(request.user, found)}  # fmt: skip
    return render(request, "returns/detail.html", context)


@login_required
def mine(request):
    return render(request, "returns/mine.html", {"returns": selectors.returns_of_buyer(request.user)})


def _step(request, number: str, action) -> object:
    found = _visible(request, number)
    try:
        action(found)
    except DomainError as error:  # the ledger's and the gateway's refusals too
        messages.error(request, f"{error.message} ({error.code})")
    return redirect("returns:detail", number=found.number)


@login_required
@require_POST
def sent_back(request, number: str):
    return _step(request, number, lambda found: services.mark_sent_back(
        request=found, buyer=request.user, carrier=request.POST.get("carrier", ""),
        tracking_number=request.POST.get("tracking_number", "").strip(),
    ))  # fmt: skip


@login_required
@require_POST
def cancel(request, number: str):
    return _step(request, number, lambda found: services.cancel_return(request=found, buyer=request.user))


def _handled(request, number: str) -> ReturnRequest:
    found = _visible(request, number)
    if not _may_handle(request.user, found):
        raise PermissionDenied
    return found


@login_required
@require_POST
def receive(request, number: str):
    found = _handled(request, number)
    return _step(request, found.number, lambda f: services.receive_return(request=f, actor=request.user))


@login_required
@require_POST
def inspect(request, number: str):
    found = _handled(request, number)

    def action(f):
        accepted = _quantities(request.POST, "accept-") if request.POST.get("mode") == "partial" else None
        services.inspect_return(request=f, accepted=accepted, note=request.POST.get("note", ""), actor=request.user)

    return _step(request, found.number, action)


@login_required
def manage(request):
    """Open returns the user receives: all for operators, their stores' for store members."""
    returns = ReturnRequest.objects.filter(status__in=OPEN_STATUSES).select_related("order", "order__store", "buyer")
    if not request.user.is_staff:
        stores = Store.objects.filter(members__user=request.user)
        if not stores.exists():
            raise PermissionDenied
        returns = returns.filter(order__store__in=stores)
    return render(request, "returns/manage.html", {"returns": returns.order_by("applied_at")})
