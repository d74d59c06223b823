"""Assay control plane: the Django project, tenants, API and console."""

from controlplane.celery import app as celery_app

__all__ = ["celery_app"]
