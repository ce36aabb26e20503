"""Services: every write, keyword-only functions (views, admin, tasks call them)."""
