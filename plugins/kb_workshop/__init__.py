from .kb_workshop import register

__all__ = ["register"]
