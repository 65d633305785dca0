"""Template helpers of the base layer: the live state of a render job."""

from django import template

from ..models import RenderStatus

register = template.Library()

TONES = {
    RenderStatus.QUEUED: "secondary",
    RenderStatus.RENDERING: "info",
    RenderStatus.DONE: "success",
    RenderStatus.FAILED: "danger",
}


@register.inclusion_tag("core/render_status.html")
def render_status(job):
    """The job's state as a badge; while it is queued or rendering, it polls and the page reloads when it ends."""
    return {"job": job, "tone": TONES.get(job.status, "secondary")}
