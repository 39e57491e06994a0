"""Authoring tools: scaffolding, the content linter and the live preview."""
