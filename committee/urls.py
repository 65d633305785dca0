from django.urls import path

from . import views

app_name = "committee"
urlpatterns = [
    path("c/<slug:code>/", views.committee_detail, name="detail"),
    path("c/<slug:code>/rules/", views.rules_detail, name="rules"),
    path("c/<slug:code>/rules/v<int:version>/", views.rules_detail, name="rules_version"),
    path("c/<slug:code>/oversight/", views.district_oversight, name="oversight"),
    path("c/<slug:code>/oversight/export.xlsx", views.district_oversight_export, name="oversight_export"),
    path("c/<slug:code>/history/", views.committee_history, name="history"),
    path("c/<slug:code>/delegations/", views.delegations, name="delegations"),
    path("c/<slug:code>/delegations/<int:number>/revoke/", views.delegation_revoke, name="delegation_revoke"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/settings/", views.mail_preferences, name="mail_preferences"),
    path("shares/<str:model_label>/<int:pk>/", views.shares, name="shares"),
    path("shares/<int:pk>/revoke/", views.share_revoke, name="share_revoke"),
    path("switch/", views.committee_switch, name="switch"),
    path("switch/find/", views.committee_switcher, name="switcher"),
]
