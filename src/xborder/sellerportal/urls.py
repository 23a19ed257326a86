from django.urls import path

from xborder.sellerportal import agency_views, finance_views, onboarding_views, returns_views, views

app_name = "sellerportal"
store = "s/<slug:slug>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", onboarding_views.apply, name="apply"),
    path("apply/<int:application_id>/", onboarding_views.application, name="application"),
    path("apply/<int:application_id>/documents/", onboarding_views.document_add, name="document_add"),
    path(
        "apply/<int:application_id>/documents/<int:document_id>/remove/",
        onboarding_views.document_remove,
        name="document_remove",
    ),
    path(
        "apply/<int:application_id>/documents/<int:document_id>/file/",
        onboarding_views.document_file,
        name="document_file",
    ),
    path("apply/<int:application_id>/submit/", onboarding_views.application_submit, name="application_submit"),
    path("review/", onboarding_views.review_list, name="review_list"),
    path("review/<int:application_id>/", onboarding_views.review_detail, name="review_detail"),
    path("agency/<slug:agency_slug>/", agency_views.agency, name="agency"),
    path(
        "agency/<slug:agency_slug>/members/<int:member_id>/role/",
        agency_views.agency_member_role,
        name="agency_member_role",
    ),
    path(
        "agency/<slug:agency_slug>/members/<int:member_id>/remove/",
        agency_views.agency_member_remove,
        name="agency_member_remove",
    ),
    path(store, views.dashboard, name="dashboard"),
    path(store + "products/", views.products, name="products"),
    path(store + "products/new/", views.product_new, name="product_new"),
    path(store + "offers/<int:offer_id>/", views.offer_edit, name="offer_edit"),
    path(store + "offers/<int:offer_id>/publish/", views.offer_publish, {"publish": True}, name="offer_publish"),
    path(store + "offers/<int:offer_id>/unpublish/", views.offer_publish, {"publish": False}, name="offer_unpublish"),
    path(store + "orders/", views.orders, name="orders"),
    path(store + "orders/<str:number>/", views.order_detail, name="order_detail"),
    path(store + "stock/", views.stock, name="stock"),
    path(store + "settings/", views.store_settings, name="settings"),
    path(store + "members/", views.members, name="members"),
    path(store + "members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path(store + "mandates/", views.mandates, name="mandates"),
    path(store + "mandates/<int:mandate_id>/revoke/", views.mandate_revoke, name="mandate_revoke"),
    path(store + "audit/", views.audit, name="audit"),
    path(store + "import/", views.catalog_upload, name="import"),
    path(store + "import/<int:job_id>/", views.import_job, name="import_job"),
    path(store + "import/<int:job_id>/status/", views.import_status, name="import_status"),
    path(store + "import/<int:job_id>/rejected.csv", views.import_report, name="import_report"),
    path(store + "export/", views.catalog_export, name="export"),
    path(store + "statement/", finance_views.statement, name="statement"),
    path(store + "returns/", returns_views.returns, name="returns"),
    path(store + "returns/<str:number>/", returns_views.return_detail, name="return_detail"),
    path(store + "returns/<str:number>/receive/", returns_views.return_receive, name="return_receive"),
    path(store + "returns/<str:number>/inspect/", returns_views.return_inspect, name="return_inspect"),
]
