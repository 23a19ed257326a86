from django.urls import path
from django.views.generic import RedirectView

from xborder.settlement import views

app_name = "settlement"
urlpatterns = [
    # The statement is the portal's page (one implementation, by ``sellers.access``); this address and its query
    # (period, ``format=csv``) keep working.
    path(
        "stores/<slug:slug>/statement/",
        RedirectView.as_view(pattern_name="sellerportal:statement", query_string=True),
        name="statement",
    ),
    path("reports/tax/", views.tax_report, name="tax_report"),
    path("reports/commission/", views.commission_report, name="commission_report"),
    path("payouts/", views.payouts, name="payouts"),
    path("payouts/run/", views.run_now, name="run_payouts"),
    path("payouts/<str:reference>/settle/", views.settle, name="settle_payout"),
]
