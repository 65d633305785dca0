from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("c/<slug:committee_code>/units/", views.unit_list, name="units"),
    path("c/<slug:committee_code>/units/<slug:code>/", views.unit_detail, name="unit"),
    path("c/<slug:committee_code>/units/<slug:code>/change/", views.change_new, name="change_new"),
    path("c/<slug:committee_code>/changes/", views.change_list, name="changes"),
    path("changes/<int:pk>/", views.change_detail, name="change"),
    path("changes/<int:pk>/steps/<slug:name>/", views.change_step, name="change_step"),
    path("c/<slug:committee_code>/unit-proposals/", views.proposal_list, name="proposals"),
    path("c/<slug:committee_code>/unit-proposals/new/", views.proposal_new, name="proposal_new"),
    path("unit-proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("unit-proposals/<int:pk>/steps/<slug:name>/", views.proposal_step, name="proposal_step"),
]
