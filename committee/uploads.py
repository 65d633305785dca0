"""Request size limits: a body past the limit is never read to the end, and the answer is the site's own page.

- `RequestSizeLimitMiddleware` answers 413 from the Content-Length header alone, before anything is read.
- `LimitedUploadHandler` counts the bytes of a multipart body as they arrive and stops reading past the limit,
  for a body that did not announce its length (or lied about it).
- Form fields without files are limited by Django's DATA_UPLOAD_MAX_MEMORY_SIZE; past it Django raises
  RequestDataTooBig, which `committee.views.bad_request` turns into the same 413 page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

# A file a little over the attachment limit is still read, so that the form can say how large it was and keep
# what was typed; past this margin the handler stops reading.
GRACE_BYTES = 1024 * 1024
# The most attachments one form sends at once.
FILES_PER_REQUEST = 5


def file_max_bytes() -> int:
    from core.attachments import max_bytes

    return max_bytes() + GRACE_BYTES


def request_max_bytes() -> int:
    """The largest request accepted: a few attachments and the form around them."""
    from core.attachments import max_bytes

    return FILES_PER_REQUEST * max_bytes() + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class LimitedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes chunks on until the body passes the limit, then stops the upload."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.in_file = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.in_file = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        if content_length and content_length > request_max_bytes():
            raise RequestDataTooBig("The request body is past the upload limit.")

    def receive_data_chunk(self, raw_data, start):
        # Raising here stops the parser reading; Django answers through handler400 (the 413 page).
        self.received += len(raw_data)
        self.in_file += len(raw_data)
        if self.in_file > file_max_bytes() or self.received > request_max_bytes():
            raise RequestDataTooBig("The upload is past the attachment limit.")
        return raw_data

    def file_complete(self, file_size):
        return None


class RequestSizeLimitMiddleware:
    """Refuses a request whose announced body is past the limit without reading it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > request_max_bytes():
            from .views import too_large

            return too_large(request)
        return self.get_response(request)
