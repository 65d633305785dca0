"""Conditional GET: every list and detail answer carries an ETag, and a request naming it gets 304 Not Modified."""

from __future__ import annotations

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag


class ConditionalGetMixin:
    """For API views: the ETag is a digest of the answer as this person sees it (what `restrict` let through, in their
    language), so it changes whenever anything shown changes, and two people never share one by accident. It saves
    the transfer, not the reading: the rows are read to know whether they changed, in the same flat queries."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in {"GET", "HEAD"} or response.status_code != 200:
            return response
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        response["ETag"] = etag
        # Private: the answer is this person's; no-cache: a client keeps it but asks again, with If-None-Match.
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return get_conditional_response(request, etag=etag, response=response)
