"""Presentation helpers: charts, JSON-LD, Markdown, feeds."""
