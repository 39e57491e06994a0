"""The admin password: a policy (zxcvbn's strength estimate, not a home-made list) and its
argon2 hash for ``KB_ADMIN_PASSWORD_HASH`` (``invoke feedback.password``)."""

from __future__ import annotations

from argon2 import PasswordHasher
from zxcvbn import zxcvbn

from servicekultur.feedback.model import FeedbackError

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn: 0 (guessed at once) … 4 (very hard to guess)
MAX_LENGTH = 1024  # the login does not check longer input
SITE_WORDS = ["servicekultur", "wissensbasis", "redaktion", "admin", "feedback", "moderation"]


def check_password(password: str) -> None:
    """Raise FeedbackError (German) for a short, common or easily guessed password."""
    if len(password) < MIN_LENGTH:
        raise FeedbackError(f"Das Passwort braucht mindestens {MIN_LENGTH} Zeichen.")
    if len(password) > MAX_LENGTH:
        raise FeedbackError(f"Das Passwort darf höchstens {MAX_LENGTH} Zeichen haben.")
    result = zxcvbn(password, user_inputs=SITE_WORDS)
    if result["score"] < MIN_SCORE:
        raise FeedbackError(
            "Dieses Passwort ist zu leicht zu erraten (zum Beispiel ein häufiges Passwort, "
            "ein Wort der Site oder eine einfache Folge). Nehmen Sie mehrere ungewöhnliche "
            "Wörter oder einen Passwortmanager."
        )


def hash_password(password: str) -> str:
    """The argon2 hash of a password that passes the policy."""
    check_password(password)
    return PasswordHasher().hash(password)
