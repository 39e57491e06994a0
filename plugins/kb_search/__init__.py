from .kb_search import register

__all__ = ["register"]
