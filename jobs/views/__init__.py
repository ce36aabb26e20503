"""Views: thin HTTP handlers that call selectors (reads) and services (writes)."""
