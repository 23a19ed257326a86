from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from xborder.api.urls import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/", include("xborder.accounts.urls")),
    path("seller/", include("xborder.sellerportal.urls")),
    path("settlement/", include("xborder.settlement.urls")),
    path("logistics/", include("xborder.logistics.urls")),
    path("returns/", include("xborder.returns.urls")),
    path("inventory/", include("xborder.inventory.urls")),
    path("customs/", include("xborder.customs.urls")),
    path("", include("xborder.payments.urls")),
    path("", include("xborder.checkout.urls")),
    path("orders/", include("xborder.orders.urls")),
    path("", include("xborder.storefront.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
