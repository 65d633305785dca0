from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("units", views.UnitViewSet, basename="unit")
router.register("duties", views.DutyViewSet, basename="duty")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("reports", views.ReportViewSet, basename="report")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("receipts", views.ReceiptViewSet, basename="receipt")
router.register("upper-receipts", views.UpperReceiptViewSet, basename="upper-receipt")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    path("", include(router.urls)),
]
