"""The project's URLs and `/bench/bare/`: the bare view every page is measured against."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as project_urlpatterns


@login_required
def bare(request):
    """Login required, a one-line template, the same middleware and context processors as every page."""
    return render(request, "bench/bare.html")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project_urlpatterns]
