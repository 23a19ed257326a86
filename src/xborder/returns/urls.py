from django.urls import path

from xborder.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("manage/", views.manage, name="manage"),
    path("packages/<str:package_number>/new/", views.new_return, name="new"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/sent-back/", views.sent_back, name="sent_back"),
    path("<str:number>/cancel/", views.cancel, name="cancel"),
    path("<str:number>/receive/", views.receive, name="receive"),
    path("<str:number>/inspect/", views.inspect, name="inspect"),
]
