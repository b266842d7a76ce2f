"""What the tests and the benchmarks share to run local servers and a browser: a free port,
stopping a server, and Debian's chromium with its flags."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; 'playwright install' cannot download a browser here
# Without the background-networking flags chromium keeps retrying the (closed) network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_process(process: subprocess.Popen, grace_seconds: float = 20) -> None:
    """Ask ``process`` to stop (SIGTERM), and kill it if it is still running after ``grace_seconds``."""
    process.terminate()
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
