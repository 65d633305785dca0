from django.urls import path

from . import inspections_views, views

app_name = "duties"
urlpatterns = [
    path("c/<slug:committee_code>/tasks/", views.task_overview, name="tasks"),
    path("c/<slug:committee_code>/tasks/export.xlsx", views.task_export, name="tasks_export"),
    path("c/<slug:committee_code>/tasks/new/", views.task_assign, name="task_assign"),
    path("decisions/<int:decision_pk>/tasks/new/", views.task_new, name="task_new"),
    path("upper-receipts/<int:receipt_pk>/tasks/new/", views.upper_task_new, name="upper_task_new"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/steps/<slug:name>/", views.task_step, name="task_step"),
    path("extension-requests/<int:pk>/steps/<slug:name>/", views.extension_step, name="extension_step"),
    path("task-attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("c/<slug:committee_code>/inspections/", inspections_views.inspection_list, name="inspections"),
    path("c/<slug:committee_code>/inspections/new/", inspections_views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspections_views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/steps/<slug:name>/", inspections_views.inspection_step, name="inspection_step"),
]
