"""Attirer's pages: the team's (inventory, premises, brownfields, pipeline) and the public "S'implanter"."""
