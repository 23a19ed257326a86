"""Development secrets kept in ``var/`` so an unconfigured install works and stays stable across restarts.

Production sets every secret through the environment; these files are never read then.
"""

import json
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

SECRETS_FILE = "dev-secrets.json"


def dev_secret(var_dir: Path, name: str, *, kind: str = "token") -> str:
    """Return the named development secret, creating and persisting it on first use."""
    path = Path(var_dir) / SECRETS_FILE
    stored = json.loads(path.read_text()) if path.exists() else {}
    if name not in stored:
        stored[name] = Fernet.generate_key().decode() if kind == "fernet" else secrets.token_urlsafe(48)
        path.write_text(json.dumps(stored, indent=2))
        path.chmod(0o600)
    return stored[name]
