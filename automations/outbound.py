"""Work that leaves the system: the address guard and HTTP client of webhooks, and the delivery
of outbound work after commit, each try recorded on the automation's run.

The guard resolves the URL's host, refuses it when any address it resolves to is loopback,
private, link-local, reserved, multicast or otherwise not public (IPv4-mapped IPv6 unwrapped
first) unless WEBHOOK_ALLOWLIST names the host or the address, and then connects to the checked
address itself, so a DNS answer that changes between check and connect (rebinding) cannot
redirect the request. Odd IPv4 spellings (2130706433, 0177.0.0.1, 0x7f.1) are read by the
resolver like any name, so resolving before checking covers them. Redirects are followed here,
each hop checked before a byte is sent to it.
"""
from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from flask import current_app

from workspace import jobs
from workspace.extensions import db
from workspace.timeutil import utcnow

log = logging.getLogger(__name__)
MAX_REDIRECTS = 3
REDIRECTS = (301, 302, 303, 307, 308)
READ_LIMIT = 64 * 1024  # of a response body we only drain
sleep = time.sleep  # the in-process backoff; tests replace it

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """A URL we will not send to (its address, scheme or redirects); never retried."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Failed(Exception):
    """A final failure (the receiver said no: a 4xx); not retried."""


class Retryable(Exception):
    """A failure worth another try: a timeout, a refused connection, a 5xx."""


class TryAgain(Exception):
    """Raised on an rq worker so that the job's Retry brings the next try."""


# -- the address guard -----------------------------------------------------------------------
def url_problem(url: str) -> str | None:
    """What makes a URL unusable before any address is looked at (checked on save)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — raises ValueError on a port out of range
    except ValueError as error:
        return f"not a valid URL: {error}"
    if parts.scheme not in ("http", "https"):
        return "only http and https URLs"
    if not parts.hostname:
        return "the URL has no host"
    if parts.username is not None or parts.password is not None:
        return "credentials do not belong in the URL (use the secret to sign requests)"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to (numeric spellings included), in resolver order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def why_not_public(address: IPAddress) -> str | None:
    """Why webhooks may not go to this address, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        elif address.sixtofour and why_not_public(address.sixtofour):
            return f"a 6to4 address of {address.sixtofour}, {why_not_public(address.sixtofour)}"
        elif address.is_site_local:
            return "a site-local address"
    for test, what in (("is_loopback", "a loopback"), ("is_unspecified", "an unspecified"),
                       ("is_link_local", "a link-local"), ("is_private", "a private"),
                       ("is_multicast", "a multicast"), ("is_reserved", "a reserved")):
        if getattr(address, test):
            return f"{what} address"
    if not address.is_global:  # shared (100.64/10), documentation, benchmarking ranges ...
        return "not a public address"
    return None


@dataclass(frozen=True)
class Allowlist:
    """WEBHOOK_ALLOWLIST: host names, addresses and networks webhooks may reach though not public."""

    hosts: frozenset[str]
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def parse(cls, entries: Iterable[str] | str | None) -> Allowlist:
        if isinstance(entries, str):
            entries = entries.split(",")
        hosts, networks = set(), []
        for entry in (e.strip() for e in entries or ()):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(entry.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: IPAddress) -> bool:
        if host.lower().rstrip(".") in self.hosts:
            return True
        mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
        return any(address in net or (mapped is not None and mapped in net) for net in self.networks)


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (the pinned address) and what to ask for."""

    scheme: str
    host: str
    port: int
    address: str
    path: str


def check(url: str, allowlist: Allowlist) -> Target:
    """The URL's target, every resolved address checked; Refused if any is not allowed."""
    problem = url_problem(url)
    if problem:
        raise Refused(problem)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port)  # an OSError here (no such host) is worth another try
    if not addresses:
        raise OSError(f"{host} resolves to no address")
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
        reason = why_not_public(address)
        if reason and not allowlist.allows(host, address):
            mapped = getattr(address, "ipv4_mapped", None)
            shown = f"{address} (that is {mapped})" if mapped else str(address)
            where = f"{shown} is" if host == str(address) else f"{host} resolves to {shown},"
            raise Refused(f"refused: {where} {reason} (WEBHOOK_ALLOWLIST can allow it)")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, addresses[0], path)


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    cls = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    connection = cls(target.host, target.port, timeout=timeout)

    # Connect to the address that was checked, not to whatever the name resolves to now; the Host
    # header and TLS (SNI, certificate) still use the name, since http.client takes them from host.
    def pinned(_address: tuple, timeout: Any = None, source_address: Any = None) -> socket.socket:
        return socket.create_connection((target.address, target.port), timeout, source_address)
    connection._create_connection = pinned  # type: ignore[attr-defined]
    return connection


def post(url: str, body: bytes, headers: dict[str, str], *, allowlist: Allowlist,
         timeout: float = 10.0) -> tuple[int, str]:
    """POSTs body to url, following up to MAX_REDIRECTS redirects (the same POST again), each hop
    checked before it is connected to. Returns the final (status, reason); network failures
    raise OSError or http.client.HTTPException, refused addresses Refused."""
    for _hop in range(MAX_REDIRECTS + 1):
        target = check(url, allowlist)
        connection = _connection(target, timeout)
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            response = connection.getresponse()
            response.read(READ_LIMIT)
            location = response.getheader("Location")
        finally:
            connection.close()
        if response.status not in REDIRECTS or not location:
            return response.status, response.reason
        url = urljoin(url, location)
    raise Refused(f"more than {MAX_REDIRECTS} redirects")


# -- delivery after commit, recorded on the run ------------------------------------------------
def queue_delivery(func: Callable[..., None], run_id: int | None, *args: Any,
                   retry_intervals: Sequence[float] = ()) -> None:
    """Hands a delivery to rq (its Retry waits `retry_intervals` between tries, so the worker
    needs its scheduler) or runs it right here. Called after the run committed."""
    if run_id is None:
        return  # not a real run (the builder's "test" never gets this far)
    options = None
    if retry_intervals and current_app.config.get("REDIS_URL"):
        from rq import Retry

        options = {"retry": Retry(max=len(retry_intervals), interval=list(retry_intervals))}
    try:
        jobs.enqueue(func, run_id, *args, job_options=options)
    except Exception as error:  # noqa: BLE001 — Redis down: the run says so rather than lying "succeeded"
        log.warning("could not queue the delivery of run %s", run_id, exc_info=True)
        with current_app.app_context():
            record(run_id, 0, "failed", f"could not queue the delivery: {error}")


def attempt(run_id: int, try_once: Callable[[], None], retry_intervals: Sequence[float] = ()) -> None:
    """Tries a delivery, recording each try on the run. On an rq worker this call is one try and
    rq's Retry brings the next; in-process it tries again here after the same intervals."""
    from rq import get_current_job

    job = get_current_job()
    if job is not None:
        number = int(job.meta.get("attempt", 0)) + 1
        job.meta["attempt"] = number
        job.save_meta()
        if not _try(run_id, number, try_once, last=not job.retries_left):
            raise TryAgain(f"run {run_id}: attempt {number} failed")
        return
    for number in range(1, len(retry_intervals) + 2):
        if _try(run_id, number, try_once, last=number > len(retry_intervals)):
            return
        sleep(retry_intervals[number - 1])


def _try(run_id: int, number: int, try_once: Callable[[], None], *, last: bool) -> bool:
    """One try; True when the delivery is over (delivered, or failed for good)."""
    try:
        try_once()
    except Retryable as error:
        if last:
            tries = f"{number} attempts" if number > 1 else "1 attempt"
            record(run_id, number, "failed", f"{error} (gave up after {tries})")
            return True
        record(run_id, number, "running", f"attempt {number}: {error}; trying again")
        return False
    except Exception as error:  # noqa: BLE001 — any other failure is final, and the run's error
        db.session.rollback()
        record(run_id, number, "failed", getattr(error, "reason", None) or str(error) or type(error).__name__)
        return True
    record(run_id, number, "succeeded")
    return True


def record(run_id: int, number: int, status: str, error: str | None = None) -> None:
    """The outcome of a try, on the run, in a transaction of its own. A run that already failed
    (another delivery of it) stays failed."""
    from automations.engine import _count_failure
    from automations.models import Automation, AutomationRun

    run = db.session.get(AutomationRun, run_id, with_for_update=True)
    if run is None:
        return
    run.attempts = max(run.attempts or 0, number)
    if run.status != "failed" or status == "failed":
        run.status, run.error = status, error
    if status != "running":
        run.finished_at = utcnow()
    if status == "failed":
        automation = db.session.get(Automation, run.automation_id)
        if automation is not None:
            _count_failure(automation)  # a webhook that keeps failing pauses its automation too
    db.session.commit()
