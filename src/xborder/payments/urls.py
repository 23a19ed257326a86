from django.urls import path

from xborder.payments import views

app_name = "payments"
urlpatterns = [
    path("sandbox-pay/<str:token>/", views.sandbox_page, name="sandbox_page"),
    path("payments/notify/sandbox/", views.sandbox_notification, name="sandbox_notification"),
]
