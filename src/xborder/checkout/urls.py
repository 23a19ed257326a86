from django.urls import path

from xborder.checkout import views

app_name = "checkout"
urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/lines/<int:line_id>/", views.cart_line, name="cart_line"),
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/buy-now/", views.buy_now, name="buy_now"),
    path("checkout/place/", views.place, name="place"),
    path("checkout/done/<str:number>/", views.done, name="done"),
]
