from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("jobs/<int:pk>/status/", views.render_job_status, name="render_status"),
]
