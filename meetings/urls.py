from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("c/<slug:committee_code>/meetings/", views.meeting_list, name="list"),
    path("c/<slug:committee_code>/meetings/new/", views.meeting_new, name="new"),
    path("c/<slug:committee_code>/meetings/calendar/", views.calendar_month, name="calendar"),
    path("c/<slug:committee_code>/meetings/office-meetings/", views.compliance, name="compliance"),
    path("c/<slug:committee_code>/meetings/propose-item/", views.agenda_propose, name="agenda_propose"),
    path("meetings/calendar-subscription/", views.feed_settings, name="feed_settings"),
    path("meetings/feed/<str:token>.ics", views.feed, name="feed"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("meetings/<int:pk>/invitations/", views.meeting_invite, name="invite"),
    path("meetings/<int:pk>/steps/<slug:name>/", views.meeting_step, name="step"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("meetings/<int:pk>/agenda-items/new/", views.item_new, name="item_new"),
    path("meetings/<int:pk>/minutes/", views.minutes_page, name="minutes"),
    path("meetings/<int:pk>/decisions/new/", views.decision_new, name="decision_new"),
    path("meeting-minutes/<int:pk>/steps/<slug:name>/", views.minutes_step, name="minutes_step"),
    path("agenda-items/<int:pk>/", views.item_detail, name="item"),
    path("agenda-items/<int:pk>/steps/<slug:name>/", views.item_step, name="item_step"),
    path("meeting-materials/<int:pk>/", views.material_download, name="material"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
]
