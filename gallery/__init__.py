"""Workspace templates: ready-made workspaces (boards, links, views and sample data) built through
the same services as everything a user does, so a template is never a special case."""
