"""The cluster's HAProxy: its certificate, its environment, starting it, and its runtime API
(server states), which the drills read (deploy/cluster.py starts every part)."""

import os
import shutil
import socket
import subprocess
from pathlib import Path

from deploy.layout import APP_SERVERS, CERTIFICATE, PORTS
from deploy.processes import BASE_DIR, CLUSTER_DIR, HOST, _spawn, port_open, wait_until


def _certificate() -> Path:
    """A self-signed certificate for 127.0.0.1 and localhost, made once per cluster folder."""
    pem = CERTIFICATE.with_suffix(".pem")
    if not pem.exists():
        CERTIFICATE.parent.mkdir(parents=True, exist_ok=True)
        key = CERTIFICATE.with_suffix(".key")
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=localhost",
                "-addext",
                f"subjectAltName=DNS:localhost,IP:{HOST}",
                "-keyout",
                str(key),
                "-out",
                str(CERTIFICATE),
            ],
            check=True,
            capture_output=True,
        )
        pem.write_bytes(CERTIFICATE.read_bytes() + key.read_bytes())
        pem.chmod(0o600)
    return pem


def proxy_environment() -> dict:
    return {
        **os.environ,
        "CLUSTER_DIR": str(CLUSTER_DIR),
        "CLUSTER_HOST": HOST,
        "CLUSTER_HTTPS_PORT": str(PORTS["https"]),
        "CLUSTER_HTTP_PORT": str(PORTS["http"]),
        "CLUSTER_APP1_PORT": str(PORTS["app1"]),
        "CLUSTER_APP2_PORT": str(PORTS["app2"]),
    }


def start_proxy() -> None:
    _certificate()
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    config = str(BASE_DIR / "deploy" / "haproxy.cfg")
    subprocess.run(
        [haproxy, "-c", "-q", "-f", config], env=proxy_environment(), check=True, cwd=BASE_DIR
    )
    _spawn("proxy", [haproxy, "-db", "-f", config], env=proxy_environment())
    wait_until(lambda: port_open(PORTS["https"]), seconds=20, what="HAProxy")


def proxy_command(command: str) -> str:
    """One command on HAProxy's runtime API (the stats socket)."""
    with socket.socket(socket.AF_UNIX) as connection:
        connection.settimeout(5)
        connection.connect(str(CLUSTER_DIR / "haproxy.sock"))
        connection.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def server_states() -> dict:
    """{"app1": "UP", "app2": "DOWN", ...} as the proxy's health checks see them."""
    lines = proxy_command("show stat").lstrip("# ").splitlines()
    header = lines[0].split(",")
    states = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=False))
        if row.get("pxname") == "app_servers" and row.get("svname") in APP_SERVERS:
            state = row["status"].split()[0]
            # Right after the proxy starts, a server is UP before any check has passed.
            if state == "UP" and "L7OK" not in row.get("check_status", ""):
                state = "UP-unchecked"
            states[row["svname"]] = state
    return states


def wait_for_server_state(name: str, state: str, seconds: float) -> None:
    wait_until(
        lambda: server_states().get(name) == state,
        seconds=seconds,
        what=f"{name} {state} at the proxy",
        interval=0.05,
    )
