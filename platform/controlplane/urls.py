from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from controlplane import health
from controlplane.console.views.auth import admin_login
from controlplane.observability import exposition

# The admin site signs in through the console's throttled form, never its own (see `admin_login`).
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", health.healthz),
    path("readyz", health.readyz),
    path("metrics", exposition.metrics_view),
    path("v1/", include("controlplane.api.urls")),
    path("admin/", admin.site.urls),
    path("console/", include("controlplane.console.urls")),
    path("", RedirectView.as_view(pattern_name="console:home", permanent=False)),
]

handler400 = "controlplane.api.errors.handler400"
handler403 = "controlplane.api.errors.handler403"
handler404 = "controlplane.api.errors.handler404"
handler500 = "controlplane.api.errors.handler500"
