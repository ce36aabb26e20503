"""Selectors: reads (querysets, dashboards, engine inputs); they never write."""
