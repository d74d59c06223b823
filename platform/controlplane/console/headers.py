"""Headers for the HTML pages people open in a browser (the console, the admin site, error pages).

- Content-Security-Policy: scripts from this origin only (the console ships htmx as a static file and
  has no inline script; the admin site has none either), no plugins, no framing, forms post only here.
  Inline `style` attributes stay allowed: templates set widths and colours with them, and a style
  cannot run code. A markup injection that escaping ever let through could not run a script.
- Cache-Control: pages show prompts, members and keys, so a shared cache or the browser's disk keeps
  none of them (a page that set its own keeps it).
The API's JSON answers are not pages and keep their own headers.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class PageHeadersMiddleware(MiddlewareMixin):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response
