"""The cluster's process bookkeeping: every process started detached, its id kept in
var/cluster/pids.json, signalled and awaited by that id (deploy/cluster.py starts them)."""

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CLUSTER_DIR = BASE_DIR / "var" / "cluster"
LOG_DIR = CLUSTER_DIR / "logs"
PIDS = CLUSTER_DIR / "pids.json"
HOST = "127.0.0.1"


def _pids() -> dict:
    return json.loads(PIDS.read_text()) if PIDS.exists() else {}


def _save_pid(name: str, pid: int | None) -> None:
    pids = _pids()
    if pid is None:
        pids.pop(name, None)
    else:
        pids[name] = pid
    PIDS.write_text(json.dumps(pids, indent=1))


def pid_of(name: str) -> int | None:
    return _pids().get(name)


def alive(name: str) -> bool:
    pid = pid_of(name)
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ours, not yet reaped) or a reused id is not the process we started.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.split(") ", 1)[1][0] != "Z"


def _spawn(name: str, argv: list[str], *, env: dict | None = None, user: str | None = None):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = (LOG_DIR / f"{name}.log").open("a")
    log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} start {' '.join(argv)}\n")
    log.flush()
    process = subprocess.Popen(
        argv,
        cwd=BASE_DIR,
        env=env or os.environ.copy(),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        # Its own process group: a signal for it (and its children) reaches nothing else.
        start_new_session=True,
        user=user,
        group=user,
    )
    log.close()
    _save_pid(name, process.pid)
    return process


def kill(name: str, sig: int = signal.SIGTERM, *, group: bool = False) -> None:
    """Send `sig` to the process started as `name` (with `group`: to its children too)."""
    pid = pid_of(name)
    if pid is None:
        return
    try:
        if group:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def stop(name: str, sig: int = signal.SIGTERM, *, timeout: float = 30) -> None:
    """End one process by its id and wait for it; SIGKILL to its group if it lingers."""
    if not alive(name):
        _save_pid(name, None)
        return
    kill(name, sig)
    deadline = time.monotonic() + timeout
    while alive(name) and time.monotonic() < deadline:
        _reap()
        time.sleep(0.1)
    if alive(name):
        kill(name, signal.SIGKILL, group=True)
        time.sleep(0.2)
    _save_pid(name, None)


def _reap() -> None:
    """Collect our own exited children, so that they do not linger as zombies."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def wait_until(check, *, seconds: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise RuntimeError(f"{what} not ready within {seconds:.0f} s (logs: {LOG_DIR})")


def port_open(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False
