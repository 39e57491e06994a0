from .kb_redirects import register

__all__ = ["register"]
