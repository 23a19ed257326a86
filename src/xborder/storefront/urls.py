from django.urls import path

from xborder.storefront import views

app_name = "storefront"
urlpatterns = [path("", views.home, name="home")]
