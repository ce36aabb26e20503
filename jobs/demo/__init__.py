"""`seed_demo`: the demo data and the builders that write it."""
