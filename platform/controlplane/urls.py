from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from controlplane import health
from controlplane.observability import exposition

urlpatterns = [
    path("healthz", health.healthz),
    path("readyz", health.readyz),
    path("metrics", exposition.metrics_view),
    path("v1/", include("controlplane.api.urls")),
    path("admin/", admin.site.urls),
    path("console/", include("controlplane.console.urls")),
    path("", RedirectView.as_view(pattern_name="console:home", permanent=False)),
]

handler404 = "controlplane.api.errors.handler404"
handler500 = "controlplane.api.errors.handler500"
