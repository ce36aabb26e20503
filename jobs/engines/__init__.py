"""The pure engines: screening (K visa, work permit) and matching. No Django."""
