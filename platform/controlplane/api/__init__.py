"""The public HTTP surface under /v1: authentication, errors, tenant scoping and the views."""
