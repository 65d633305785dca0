"""The base layer's pages: the state of a render job, polled by the pages that show it; the health probe."""

from celery import current_app
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import RenderJob
from .outbox import outbox_backlog
from .rendering import renderer_for
from .templatetags.core_tags import render_status


@login_required
def render_job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The badge of a job, to whoever may see its object (404 for anyone else). When the job has ended, the
    polling page is told to reload, so that the download link or the failure and its retry button appear."""
    job = get_object_or_404(RenderJob, pk=pk)
    subject = job.subject
    if subject is None or not renderer_for(job.kind).may_view(request.user, subject):
        raise Http404
    response = HttpResponse(render_to_string("core/render_status.html", render_status(job), request=request))
    if not job.is_pending and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer; 503 naming the one that does not. Also the outbox backlog:
    how many side effects wait for the broker, and how old the oldest is."""
    state = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        state["database"] = "ok"
        state["outbox"] = outbox_backlog()
    except Exception as exc:  # noqa: BLE001 - any failure here is what the probe reports
        state["database"] = f"down: {exc.__class__.__name__}"
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        state["broker"] = "ok"
    except Exception as exc:  # noqa: BLE001
        state["broker"] = f"down: {exc.__class__.__name__}"
    down = [name for name in ("database", "broker") if state[name] != "ok"]
    return JsonResponse({"status": "ok" if not down else "down", "down": down, **state}, status=503 if down else 200)
