"""Automations: "when X, and only if Y, then Z" recipes, run after commit by the engine."""
