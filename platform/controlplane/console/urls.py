from django.urls import path

from controlplane.console.views import (
    audit,
    auth,
    catalog,
    jobs,
    keys,
    likeness,
    overview,
    policies,
    quotas,
    reviews,
    verify,
)

app_name = "console"

urlpatterns = [
    path("", auth.home, name="home"),
    path("login", auth.LoginView.as_view(), name="login"),
    path("logout", auth.LogoutView.as_view(), name="logout"),
    path("password", auth.password_change, name="password"),
    path("<slug:tenant>/", overview.overview, name="overview"),
    path("<slug:tenant>/jobs", jobs.job_list, name="jobs"),
    path("<slug:tenant>/jobs/<str:job_id>", jobs.job_detail, name="job"),
    path("<slug:tenant>/jobs/<str:job_id>/appeal", jobs.job_appeal, name="job-appeal"),
    path("<slug:tenant>/images/<str:image_id>", jobs.image_content, name="image"),
    path("<slug:tenant>/reviews", reviews.review_queue, name="reviews"),
    path("<slug:tenant>/reviews/<str:review_id>", reviews.review_detail, name="review"),
    path(
        "<slug:tenant>/reviews/<str:review_id>/inputs/<str:name>", reviews.review_input, name="review-input"
    ),
    path("<slug:tenant>/reviews/<str:review_id>/<str:action>", reviews.review_action, name="review-action"),
    path("<slug:tenant>/policies", policies.policy_list, name="policies"),
    path("<slug:tenant>/policies/new", policies.policy_edit, name="policy-edit"),
    path("<slug:tenant>/policies/<str:policy_id>", policies.policy_detail, name="policy"),
    path("<slug:tenant>/policies/<str:policy_id>/activate", policies.policy_activate, name="policy-activate"),
    path("<slug:tenant>/keys", keys.key_list, name="keys"),
    path("<slug:tenant>/keys/new", keys.key_create, name="key-create"),
    path("<slug:tenant>/keys/<str:key_id>/revoke", keys.key_revoke, name="key-revoke"),
    path("<slug:tenant>/members", keys.member_list, name="members"),
    path("<slug:tenant>/members/new", keys.member_invite, name="member-invite"),
    path("<slug:tenant>/members/<str:member_id>/<str:action>", keys.member_change, name="member-change"),
    path("<slug:tenant>/quotas", quotas.quotas, name="quotas"),
    path("<slug:tenant>/quotas/set", quotas.quota_set, name="quota-set"),
    path("<slug:tenant>/quotas/remove", quotas.quota_remove, name="quota-remove"),
    path("<slug:tenant>/models", catalog.models, name="models"),
    path("<slug:tenant>/likeness", likeness.likeness, name="likeness"),
    path("<slug:tenant>/likeness/new", likeness.person_add, name="likeness-add"),
    path(
        "<slug:tenant>/likeness/<str:person_id>/<str:action>", likeness.person_change, name="likeness-change"
    ),
    path("<slug:tenant>/audit", audit.audit_log, name="audit"),
    path("<slug:tenant>/audit/verify", audit.audit_verify, name="audit-verify"),
    path("<slug:tenant>/audit/export", audit.audit_export, name="audit-export"),
    path("<slug:tenant>/verify", verify.verify_image, name="verify"),
]
