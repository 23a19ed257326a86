from django.urls import path

from xborder.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("<str:number>/", views.order_detail, name="detail"),
    path("store/<int:store_id>/", views.store_orders, name="store_list"),
    path("store/<int:store_id>/<str:number>/", views.store_order_detail, name="store_detail"),
]
