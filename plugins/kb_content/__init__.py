from .kb_content import register

__all__ = ["register"]
