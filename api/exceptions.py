"""Refusals as answers, never as server errors: the services' `NotAllowed` and `ValidationError` in JSON."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from committee.authority import NotAllowed


def exception_handler(exc, context):
    """DRF's handler, and:

    - `NotAllowed` (the authority service refused the person): 403 with the reason, as the pages show it;
    - a `ValidationError` naming fields (an empty text): 400 with the messages by field;
    - a `ValidationError` about the whole act (the task is closed, the unit has signed already): 409, the request
      being at odds with where the object stands now.
    """
    if isinstance(exc, NotAllowed):
        return Response({"detail": exc.decision.reason}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
