from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("c/<slug:committee_code>/updates/", views.update_list, name="updates"),
    path("c/<slug:committee_code>/updates/new/", views.update_new, name="update_new"),
    path("updates/<int:pk>/", views.update_detail, name="update"),
    path("updates/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("c/<slug:committee_code>/bulletins/", views.bulletin_list, name="bulletins"),
    path("c/<slug:committee_code>/bulletins/new/", views.bulletin_new, name="bulletin_new"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/edit/", views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<int:pk>/issue/", views.bulletin_issue, name="bulletin_issue"),
    path("c/<slug:committee_code>/highlights/", views.highlight_list, name="highlights"),
    path("highlights/new/", views.highlight_new, name="highlight_new"),
    path("highlights/<int:pk>/unmark/", views.highlight_unmark, name="highlight_unmark"),
    path("c/<slug:committee_code>/commendations/", views.commendation_list, name="commendations"),
    path("c/<slug:committee_code>/commendations/new/", views.commendation_new, name="commendation_new"),
    path("commendations/<int:pk>/", views.commendation_detail, name="commendation"),
    path("commendations/<int:pk>/steps/<slug:name>/", views.commendation_step, name="commendation_step"),
]
