from django.urls import path

from controlplane.api import audit, tenants

urlpatterns = [
    path("me", tenants.MeView.as_view()),
    path("keys", tenants.ApiKeyListView.as_view()),
    path("keys/<str:key_id>", tenants.ApiKeyDetailView.as_view()),
    path("members", tenants.MembershipListView.as_view()),
    path("members/<str:member_id>", tenants.MembershipDetailView.as_view()),
    path("audit/events", audit.AuditEventListView.as_view()),
    path("audit/export", audit.AuditExportView.as_view()),
]
