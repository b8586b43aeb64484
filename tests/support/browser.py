"""Watching a browser test's pages for errors (tests/browser)."""

import re
from urllib.parse import urlsplit

# Resource types whose failure breaks the page: a missing stylesheet, script, image or font.
SUBRESOURCE_TYPES = {"stylesheet", "script", "image", "font", "media", "fetch", "xhr"}


class BrowserErrors:
    """Console errors, uncaught exceptions and failed requests seen by a test's pages."""

    def __init__(self):
        self.errors = []
        self._allowed = []  # (url, status)
        self._error_responses = set()  # URLs already reported with their HTTP status

    def allow(self, url, status):
        """Expect `url` to answer `status` (e.g. the 404 page): not an error for this test."""
        self._allowed.append((url, status))

    def _is_allowed(self, url, status=None):
        return any(
            url == allowed_url and (status is None or status == allowed_status)
            for allowed_url, allowed_status in self._allowed
        )

    def watch_context(self, context):
        for page in context.pages:
            self.watch(page)
        context.on("page", self.watch)

    def watch(self, page):
        page.on("console", lambda message: self._on_console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, page, message):
        if message.type != "error":
            return
        location = message.location.get("url", "")
        if urlsplit(location).path == "/favicon.ico":
            # Chromium asks for /favicon.ico by itself, once per browser rather than per test,
            # so its failure would land on whichever test comes first;
            # test_layout.py::test_it_declares_a_favicon_that_loads checks the icon.
            return
        # Chromium logs every 4xx/5xx as "Failed to load resource"; an expected status is
        # allowed for its URL only.
        status = re.search(r"status of (\d{3})", message.text)
        if location and self._is_allowed(location, int(status.group(1)) if status else None):
            return
        self.errors.append(f"console error: {message.text} (at {location or page.url})")

    def _on_request_failed(self, request):
        failure = request.failure or ""
        kind = request.resource_type
        if request.url in self._error_responses:
            return  # Chromium also "fails" a sub-resource that answered 404: reported once
        # A document "aborted" is a download, or a navigation replaced by another one.
        if kind in SUBRESOURCE_TYPES or (kind == "document" and "ERR_ABORTED" not in failure):
            self.errors.append(f"request failed: {kind} {request.url}: {failure}")

    def _on_response(self, response):
        request = response.request
        if response.status < 400 or request.resource_type not in SUBRESOURCE_TYPES:
            return
        if self._is_allowed(response.url, response.status):
            return
        self._error_responses.add(response.url)
        self.errors.append(f"HTTP {response.status}: {request.resource_type} {response.url}")
