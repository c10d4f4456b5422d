"""A real OpenID Provider in a node process (npm's `oidc-provider`, version 8), for the
single sign-on tests. The package is installed once into var/oidc-provider/ with npm."""

import json
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent
INSTALL_DIR = Path(os.environ.get("OIDC_PROVIDER_DIR", ROOT / "var" / "oidc-provider"))
PACKAGE = "oidc-provider@8"


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str


def node_missing() -> str | None:
    """Why the provider cannot run here, or None."""
    missing = [tool for tool in ("node", "npm") if not shutil.which(tool)]
    if not missing:
        return None
    return f"{' and '.join(missing)} not installed (apt-get install nodejs npm)"


def install() -> Path:
    if not (INSTALL_DIR / "node_modules" / "oidc-provider").is_dir():
        INSTALL_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(INSTALL_DIR), "--no-audit", "--no-fund", PACKAGE],
            check=True,
            capture_output=True,
            timeout=300,
        )
    shutil.copy(HERE / "provider.mjs", INSTALL_DIR / "provider.mjs")
    return INSTALL_DIR / "provider.mjs"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(redirect_uri: str, accounts: dict[str, dict]) -> tuple[subprocess.Popen, Provider]:
    """Start the provider for one client whose callback is ``redirect_uri``; ``accounts``
    maps each login name to its claims (email, email_verified, given_name, ...)."""
    script = install()
    port = free_port()
    provider = Provider(f"http://127.0.0.1:{port}", "checklist", "test-only-client-secret")
    environment = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": provider.client_id,
        "OIDC_CLIENT_SECRET": provider.client_secret,
        "OIDC_REDIRECT_URI": redirect_uri,
        "OIDC_ACCOUNTS": json.dumps(accounts),
    }
    log = script.parent / "provider.log"
    with log.open("w") as errors:
        # Its warnings (development keys and sign-in pages) go to the log, never filling a pipe.
        process = subprocess.Popen(
            ["node", str(script)],
            cwd=script.parent,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise RuntimeError(f"the OpenID Provider did not start:\n{log.read_text()}")
    return process, provider
