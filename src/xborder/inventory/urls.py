from django.urls import path

from xborder.inventory import views

app_name = "inventory"
urlpatterns = [
    path("purchase-orders/", views.purchase_orders, name="purchase_orders"),
    path("purchase-orders/<str:number>/", views.purchase_order, name="purchase_order"),
    path("purchase-orders/<str:number>/shipments/", views.announce, name="announce"),
    path("inbound/<str:number>/receive/", views.receive, name="receive"),
]
