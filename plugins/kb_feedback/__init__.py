from .kb_feedback import register

__all__ = ["register"]
