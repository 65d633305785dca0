from django.urls import path

from . import print_views, views

app_name = "documents"
urlpatterns = [
    path("c/<slug:committee_code>/documents/", views.document_list, name="list"),
    path("c/<slug:committee_code>/documents/export/", views.document_export, name="export"),
    path("c/<slug:committee_code>/documents/new/", views.document_new, name="new"),
    path("documents/<int:pk>/", views.document_detail, name="detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="edit"),
    path("documents/<int:pk>/steps/<slug:name>/", views.document_step, name="step"),
    path("documents/<int:pk>/pdf/", views.document_pdf, name="pdf"),
    # Art 5: documents sent down by the committee above.
    path("c/<slug:committee_code>/documents/incoming/", views.upper_list, name="upper_list"),
    path("upper-receipts/<int:pk>/steps/<slug:name>/", views.upper_step, name="upper_step"),
]

# Around the printed document (documents/print_views.py).
urlpatterns += [
    path("c/<slug:committee_code>/documents/import-word/", print_views.document_import_word, name="import_word"),
    path("documents/<int:pk>/preview/", print_views.document_preview, name="preview"),
    path("documents/<int:pk>/docx/", print_views.document_docx, name="docx"),
    path("documents/<int:pk>/annexes/", print_views.document_annexes, name="annexes"),
    path(
        "documents/<int:pk>/annexes/<int:annex_id>/remove/",
        print_views.document_annex_remove,
        name="annex_remove",
    ),
    path("documents/verify/<str:code>/", print_views.document_verify, name="verify"),
]
