"""Metrics and request ids for every process: web (middleware, GET /metrics) and workers (their own
metrics server). Log lines are controlplane.logs."""
