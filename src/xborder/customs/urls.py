"""Customs pages: the operator desk and the receipt push endpoint of the single window."""

from django.urls import path

from xborder.customs import views

app_name = "customs"

urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("desk/poll/", views.poll_now, name="poll"),
    path("desk/<int:declaration_id>/", views.declaration_detail, name="declaration"),
    path("desk/<int:declaration_id>/redeclare/", views.redeclare, name="redeclare"),
    path("desk/<int:declaration_id>/cancel/", views.cancel, name="cancel"),
    path("receipts/push/", views.receive_receipt, name="receipt_push"),
]
