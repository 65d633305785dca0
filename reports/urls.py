from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("c/<slug:committee_code>/reports/", views.cycle_list, name="cycles"),
    path("c/<slug:committee_code>/reports/new/", views.cycle_new, name="cycle_new"),
    path("report-cycles/<int:pk>/", views.cycle_board, name="cycle"),
    path("report-cycles/<int:pk>/export.xlsx", views.cycle_export, name="cycle_export"),
    path("report-cycles/<int:pk>/issues/", views.cycle_issues, name="cycle_issues"),
    path("report-cycles/<int:pk>/compilation/", views.compilation, name="compilation"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/autosave/", views.report_autosave, name="autosave"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/diff/", views.report_diff, name="diff"),
    path("reports/<int:pk>/steps/<slug:name>/", views.report_step, name="step"),
    path("reports/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("report-attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("report-attachments/<int:pk>/remove/", views.attachment_delete, name="attachment_delete"),
    path("report-issues/<int:pk>/", views.issue_followup, name="issue_followup"),
    path("c/<slug:committee_code>/topics/", views.topic_list, name="topics"),
    path("c/<slug:committee_code>/topics/new/", views.topic_new, name="topic_new"),
    path("topics/<int:pk>/", views.topic_detail, name="topic"),
    path("topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/report/", views.topic_file, name="topic_file"),
]
