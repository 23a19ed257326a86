from django.urls import path

from xborder.settlement import views

app_name = "settlement"
urlpatterns = [
    path("stores/<slug:slug>/statement/", views.statement, name="statement"),
    path("reports/tax/", views.tax_report, name="tax_report"),
    path("reports/commission/", views.commission_report, name="commission_report"),
    path("payouts/", views.payouts, name="payouts"),
    path("payouts/run/", views.run_now, name="run_payouts"),
    path("payouts/<str:reference>/settle/", views.settle, name="settle_payout"),
]
