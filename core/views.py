"""The base layer's one page: the state of a render job, polled by the pages that show it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string

from .models import RenderJob
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
