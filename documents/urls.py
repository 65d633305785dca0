from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("c/<slug:committee_code>/documents/", views.document_list, name="list"),
    path("c/<slug:committee_code>/documents/export/", views.document_export, name="export"),
    path("c/<slug:committee_code>/documents/new/", views.document_new, name="new"),
    path("documents/<int:pk>/", views.document_detail, name="detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="edit"),
    path("documents/<int:pk>/steps/<slug:name>/", views.document_step, name="step"),
    path("documents/<int:pk>/pdf/", views.document_pdf, name="pdf"),
]
