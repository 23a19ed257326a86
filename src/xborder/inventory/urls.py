from django.urls import path

from xborder.inventory import views

app_name = "inventory"
urlpatterns = [
    path("purchase-orders/", views.purchase_orders, name="purchase_orders"),
    path("purchase-orders/<str:number>/", views.purchase_order, name="purchase_order"),
    path("inbound/<str:number>/receive/", views.receive, name="receive"),
]
