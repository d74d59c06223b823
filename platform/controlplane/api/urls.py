from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from controlplane.api import audit, images, policy, tenants  # schema registers the key scheme

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("me", tenants.MeView.as_view()),
    path("keys", tenants.ApiKeyListView.as_view()),
    path("keys/<str:key_id>", tenants.ApiKeyDetailView.as_view()),
    path("members", tenants.MembershipListView.as_view()),
    path("members/<str:member_id>", tenants.MembershipDetailView.as_view()),
    path("images/generations", images.ImageGenerationView.as_view()),
    path("images/edits", images.ImageEditView.as_view()),
    path("images/<str:image_id>", images.ImageDetailView.as_view()),
    path("images/<str:image_id>/content", images.ImageContentView.as_view()),
    path("jobs/<str:job_id>", images.JobDetailView.as_view()),
    path("jobs/<str:job_id>/cancel", images.JobCancelView.as_view()),
    path("jobs/<str:job_id>/review", images.JobReviewView.as_view()),
    path("models", images.ModelListView.as_view()),
    path("models/<str:model_id>", images.ModelDetailView.as_view()),
    path("webhooks/secret", tenants.WebhookSecretView.as_view()),
    path("audit/events", audit.AuditEventListView.as_view()),
    path("audit/export", audit.AuditExportView.as_view()),
    path("policy/schema", policy.PolicySchemaView.as_view()),
    path("policies", policy.PolicyListView.as_view()),
    path("policies/simulate", policy.PolicySimulateView.as_view()),
    path("policies/replay", policy.PolicyReplayView.as_view()),
    path("policies/<str:policy_id>", policy.PolicyDetailView.as_view()),
    path("policies/<str:policy_id>/activate", policy.PolicyActivateView.as_view()),
    path("moderations", policy.ModerationView.as_view()),
]
