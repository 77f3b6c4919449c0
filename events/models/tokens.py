import secrets


def new_token() -> str:
    """An unguessable token for a private link (about 190 bits)."""
    return secrets.token_urlsafe(24)
