from django.urls import path

from xborder.storefront import views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("products/", views.product_list, name="product_list"),
    path("products/<slug:slug>/", views.product_detail, name="product_detail"),
    path("stores/<slug:slug>/", views.store_detail, name="store_detail"),
]
