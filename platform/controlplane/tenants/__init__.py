"""Tenants, their members and roles, and API keys."""
