"""The project's URLs plus two that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler400, urlpatterns  # noqa: F401 - the handlers are read from this module


def _denied(request):
    raise PermissionDenied("只有委员会办公室可以进行此项操作。")


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("test-denied/", _denied), path("test-broken/", _broken), *urlpatterns]
