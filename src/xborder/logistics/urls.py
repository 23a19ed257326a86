from django.urls import path

from xborder.logistics import views

app_name = "logistics"
urlpatterns = [
    path("webhooks/<slug:carrier>/", views.tracking_webhook, name="webhook"),
    path("warehouses/<slug:code>/", views.warehouse_queue, name="warehouse"),
    path("warehouses/<slug:code>/packages/<str:package_number>/pick/", views.pick, name="pick"),
    path("warehouses/<slug:code>/ship/", views.ship, name="ship"),
    path("warehouses/<slug:code>/shipments/<str:number>/last-mile/", views.last_mile, name="last_mile"),
    path("late/", views.late, name="late"),
    path("orders/<str:number>/tracking/", views.order_tracking, name="order_tracking"),
]
