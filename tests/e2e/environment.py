"""Where the browser tests find chromium and axe-core, and where they write what they saw."""

import os
import shutil
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# `npm ci` installs axe-core 4.14.1 (package.json); AXE_CORE_PATH may point elsewhere.
AXE_PATH = Path(os.environ.get("AXE_CORE_PATH", REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"))
SCREENSHOTS_DIR = REPO_ROOT / "test-output" / "screenshots"
AXE_REPORTS_DIR = REPO_ROOT / "test-output" / "axe"

# The sandbox runs as root on a closed network: no sandbox, nothing phoning home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    """Debian's chromium; CHROMIUM_PATH overrides the search (CHROMIUM_PATH=/nonexistent hides it)."""
    if "CHROMIUM_PATH" in os.environ:
        path = os.environ["CHROMIUM_PATH"]
        return path if os.access(path, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@cache
def missing_prerequisite():
    """(what is missing, how to install it), or None when the browser tests can run."""
    if chromium_path() is None:
        return "Chromium absent", "apt-get install chromium"
    if not AXE_PATH.is_file():
        return f"axe-core absent ({AXE_PATH})", "npm ci"
    return None
