from django.urls import path

from controlplane.api import tenants

urlpatterns = [
    path("me", tenants.MeView.as_view()),
    path("keys", tenants.ApiKeyListView.as_view()),
    path("keys/<str:key_id>", tenants.ApiKeyDetailView.as_view()),
    path("members", tenants.MembershipListView.as_view()),
    path("members/<str:member_id>", tenants.MembershipDetailView.as_view()),
]
