"""The DNS server the DNS-check tests query: NSD on loopback, serving the zones in dnscheck/zones.

Two NSD instances share one port: the main one on 127.0.0.1 serves every zone file in
`dnscheck/zones/`; a second one on 127.0.0.2 serves `dnscheck/zones/stale/`, older copies
that name servers out of step with each other answer from. Only the standard library is used,
so `.ci/run` can start the server before any virtualenv exists:

    python3 tests/dns_server.py start --port 5300 --dir /tmp/mailhelp-dns   # idempotent
    python3 tests/dns_server.py stop --dir /tmp/mailhelp-dns

Tests read MAILHELP_TEST_DNS (`127.0.0.1:PORT`) for a server already running, or start their
own on a free port (see `running_server`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ZONES_DIR = Path(__file__).resolve().parent / "dnscheck" / "zones"
STALE_DIR = ZONES_DIR / "stale"
MAIN_ADDRESS = "127.0.0.1"
STALE_ADDRESS = "127.0.0.2"
# A zone both instances serve, asked for to see that an instance is up.
PROBE_ZONE = {MAIN_ADDRESS: "healthy.example", STALE_ADDRESS: "ns-split.example"}
START_TIMEOUT_S = 10.0


class DnsServerError(RuntimeError):
    """NSD is missing, or would not start; the message says which and where its log is."""


def nsd_binary() -> str | None:
    return shutil.which("nsd") or next(
        (str(path) for path in (Path("/usr/sbin/nsd"),) if path.exists()), None
    )


def _config(workdir: Path, address: str, port: int, zones_dir: Path) -> str:
    zones = sorted(zones_dir.glob("*.zone"))
    lines = [
        "server:",
        f"    ip-address: {address}@{port}",
        f"    port: {port}",
        "    do-ip6: no",
        '    username: ""',
        '    chroot: ""',
        '    database: ""',
        f'    zonesdir: "{zones_dir}"',
        f'    pidfile: "{workdir}/nsd-{address}.pid"',
        f'    xfrdfile: "{workdir}/xfrd-{address}.state"',
        f'    zonelistfile: "{workdir}/zones-{address}.list"',
        f'    logfile: "{workdir}/nsd-{address}.log"',
        "    server-count: 1",
        "    verbosity: 1",
        "    hide-version: yes",
        "    reuseport: no",
        # Response rate limiting would drop answers to the bursts of queries a check sends.
        "    rrl-ratelimit: 0",
        "    rrl-whitelist-ratelimit: 0",
        "remote-control:",
        "    control-enable: no",
    ]
    for zone in zones:
        lines += ["zone:", f"    name: {zone.stem}", f'    zonefile: "{zone.name}"']
    return "\n".join(lines) + "\n"


def _query(name: str, qtype: int = 6) -> tuple[int, bytes]:
    ident = secrets.randbelow(0xFFFF)
    header = struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0)
    labels = b"".join(bytes([len(part)]) + part.encode() for part in name.split("."))
    return ident, header + labels + b"\x00" + struct.pack(">HH", qtype, 1)


def answers(address: str, port: int, zone: str, timeout: float = 0.5) -> bool:
    """Whether a server on address:port answers authoritatively for `zone`'s SOA."""
    ident, packet = _query(zone)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.sendto(packet, (address, port))
            reply, _ = sock.recvfrom(4096)
        except OSError:
            return False
    if len(reply) < 12:
        return False
    got_id, flags = struct.unpack(">HH", reply[:4])
    authoritative = bool(flags & 0x0400)
    return got_id == ident and authoritative and (flags & 0x000F) == 0


def free_port() -> int:
    """A port free for both UDP and TCP on both loopback addresses the server uses."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind((MAIN_ADDRESS, 0))
            port = int(probe.getsockname()[1])
        try:
            for address in (MAIN_ADDRESS, STALE_ADDRESS):
                for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                    with socket.socket(socket.AF_INET, kind) as sock:
                        sock.bind((address, port))
        except OSError:
            continue
        return port
    raise DnsServerError("found no port free on 127.0.0.1 and 127.0.0.2")


def _launch(
    workdir: Path, address: str, port: int, zones_dir: Path, *, foreground: bool
) -> subprocess.Popen[bytes]:
    nsd = nsd_binary()
    if nsd is None:
        raise DnsServerError("nsd is not installed (Debian: apt-get install nsd)")
    config = workdir / f"nsd-{address}.conf"
    config.write_text(_config(workdir, address, port, zones_dir), encoding="utf-8")
    command = [nsd, "-c", str(config)] + (["-d"] if foreground else [])
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )


def _wait_until_answering(port: int, workdir: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    pending = dict(PROBE_ZONE)
    while pending and time.monotonic() < deadline:
        for address, zone in list(pending.items()):
            if answers(address, port, zone):
                del pending[address]
        if pending:
            time.sleep(0.05)
    if pending:
        logs = ", ".join(str(workdir / f"nsd-{address}.log") for address in pending)
        raise DnsServerError(f"NSD did not answer on port {port} within {START_TIMEOUT_S}s: {logs}")


def zones_digest() -> str:
    """A fingerprint of every zone file and of this script (which writes the configuration),
    so a server started from older ones is restarted."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(ZONES_DIR.rglob("*.zone")):
        digest.update(str(path.relative_to(ZONES_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def start_daemons(port: int, workdir: Path) -> None:
    """Start both instances in the background, unless they already answer on `port` with
    the current zone files."""
    stamp = workdir / "zones.sha256"
    current = zones_digest()
    serving = all(answers(address, port, zone) for address, zone in PROBE_ZONE.items())
    if serving and stamp.is_file() and stamp.read_text() == current:
        return
    workdir.mkdir(parents=True, exist_ok=True)
    stop_daemons(workdir)
    for address, zones in ((MAIN_ADDRESS, ZONES_DIR), (STALE_ADDRESS, STALE_DIR)):
        _launch(workdir, address, port, zones, foreground=False).wait(timeout=START_TIMEOUT_S)
    _wait_until_answering(port, workdir)
    stamp.write_text(current)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_daemons(workdir: Path) -> None:
    """Stop the instances whose pid files are in `workdir`, and wait until they are gone (so
    their port is free again)."""
    stopped: list[int] = []
    for pidfile in workdir.glob("nsd-*.pid"):
        with suppress(ValueError, ProcessLookupError, PermissionError):
            pid = int(pidfile.read_text().strip())
            os.kill(pid, signal.SIGTERM)
            stopped.append(pid)
        pidfile.unlink(missing_ok=True)
    deadline = time.monotonic() + START_TIMEOUT_S
    while any(_alive(pid) for pid in stopped) and time.monotonic() < deadline:
        time.sleep(0.05)


@contextmanager
def running_server() -> Iterator[str]:
    """Both instances in the foreground on a free port, stopped afterwards; yields host:port."""
    with tempfile.TemporaryDirectory(prefix="mailhelp-dns-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        processes = [
            _launch(workdir, address, port, zones, foreground=True)
            for address, zones in ((MAIN_ADDRESS, ZONES_DIR), (STALE_ADDRESS, STALE_DIR))
        ]
        try:
            _wait_until_answering(port, workdir)
            yield f"{MAIN_ADDRESS}:{port}"
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()


@dataclass(frozen=True)
class DnsAddress:
    host: str
    port: int

    @property
    def servers(self) -> str:
        """The value of MAILHELP_DNS_SERVERS that sends every lookup to this server."""
        return f"{self.host}:{self.port}"


# Read at import, before the autouse fixture of tests/conftest.py scrubs MAILHELP_* variables.
GIVEN_SERVER = os.environ.get("MAILHELP_TEST_DNS", "")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> None:
    import pytest

    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def serving_test_zones() -> Iterator[DnsAddress]:
    """The server named by MAILHELP_TEST_DNS (host:port), or a fresh one on a free port; the
    tests that need it skip when NSD is not installed, except in CI where they fail."""
    if GIVEN_SERVER:
        host, _, port = GIVEN_SERVER.rpartition(":")
        address = DnsAddress(host, int(port))
        if not all(answers(a, address.port, zone) for a, zone in PROBE_ZONE.items()):
            _unavailable(f"MAILHELP_TEST_DNS={GIVEN_SERVER} does not answer for the test zones")
        yield address
        return
    if nsd_binary() is None:
        _unavailable("nsd is not installed (apt-get install nsd), so the DNS tests cannot run")
    with running_server() as served:
        host, _, port = served.rpartition(":")
        yield DnsAddress(host, int(port))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The test DNS server (NSD on loopback).")
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--port", type=int, default=5300)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "mailhelp-dns")
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            start_daemons(args.port, args.dir)
            print(f"{MAIN_ADDRESS}:{args.port}")
        else:
            stop_daemons(args.dir)
    except DnsServerError as exc:
        print(f"dns_server: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
