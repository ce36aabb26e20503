"""The pure engines: screening (K visa, work permit) and matching. No Django.

Their tables are data files in each engine's `data/` folder, read by
`jobs.engines.datafiles`. The engines are fully typed and checked with
`python -m mypy --strict jobs/engines` (zero errors; no `# type: ignore`):
keep it that way when changing them.
"""
