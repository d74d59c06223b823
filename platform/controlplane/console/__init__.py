"""The enterprise admin console: server-rendered pages for tenant admins, reviewers and auditors.

Views are thin: every read goes through the selectors and every write through the services that the
API (controlplane.api) calls, so the console and the API cannot disagree on a rule.
"""
