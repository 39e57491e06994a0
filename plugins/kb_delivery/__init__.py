from .kb_delivery import register

__all__ = ["register"]
