"""Authoring tools: scaffolding, the content linter, the live preview and importers."""
