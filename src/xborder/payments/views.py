"""The sandbox platform's hosted payment page and the merchant's notification endpoint."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from xborder.payments import sandbox
from xborder.payments.errors import PaymentError
from xborder.payments.services import receive_notification


@require_http_methods(["GET", "POST"])
def sandbox_page(request, token: str):
    """The payer confirms (with name and ID number) or declines. Served by the platform, not the shop."""
    try:
        charge = sandbox.open_charge(token)
    except PaymentError:
        return render(request, "payments/sandbox_page.html", {"missing": True}, status=404)
    context = {"charge": charge, "error": None}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "decline":
                charge = sandbox.decline_charge(token=token)
            else:
                charge = sandbox.pay_charge(
                    token=token,
                    payer_name=request.POST.get("payer_name", ""),
                    payer_id_number=request.POST.get("payer_id_number", ""),
                )
            return redirect(charge.return_url or request.path)
        except PaymentError as error:
            charge.refresh_from_db()
            context.update(charge=charge, error=error)
            return render(request, "payments/sandbox_page.html", context, status=error.status)
    return render(request, "payments/sandbox_page.html", context)


@csrf_exempt
@require_POST
def sandbox_notification(request):
    """Where the sandbox platform posts notifications (signature in ``X-Sandbox-Signature``)."""
    try:
        outcome = receive_notification(gateway="sandbox", body=request.body, headers=request.headers)
    except PaymentError as error:
        return JsonResponse(error.as_dict(), status=error.status)
    return HttpResponse(outcome, content_type="text/plain")
