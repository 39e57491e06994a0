"""The web service: serves the built site and the search and feedback APIs."""

from servicekultur.web.app import create_app

__all__ = ["create_app"]
