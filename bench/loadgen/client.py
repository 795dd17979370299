"""The asyncio client: a pool of signed-in candidates, the answering loops and the no-op loops.

Sign-up and login happen before any window (pixlocal.api, the robot proof included), so that
a window holds only the steady state: candidates answering, or the no-op.
"""
from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import deque
from dataclasses import dataclass, field

import aiohttp
import requests
from pix_assessment.domain.content.reference import reference_answer, wrong_answer
from pixlocal import api

from .pacing import Pacer, think_seconds
from .stats import Request

CODES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3",
         "5.1", "5.2")
PASSWORD = "Secret123"
TIMEOUT = aiohttp.ClientTimeout(total=60)


@dataclass(frozen=True)
class Candidate:
    user_id: str
    headers: dict[str, str]  # bearer token and the candidate's own client address


def sign_up_one(gateway: str, attempts: int = 5) -> Candidate:
    """A new candidate, signed in. On a loaded machine a sign-up may meet a 503 (the store slow to
    answer): the pool is made before any window, so it tries again, a few times, then gives up."""
    for attempt in range(1, attempts + 1):
        try:
            return _sign_up(gateway)
        except (requests.ConnectionError, requests.HTTPError) as exc:
            response = getattr(exc, "response", None)
            if attempt == attempts or (response is not None and response.status_code < 500):
                raise
            time.sleep(0.5 * attempt)
    raise AssertionError("unreachable")


def _sign_up(gateway: str) -> Candidate:
    ip, email = api.random_ip(), f"bench.{uuid.uuid4().hex[:12]}@example.fr"
    signed_up = api.sign_up(gateway, first_name="Banc", last_name="Essai", email=email, password=PASSWORD,
                            client_ip=ip)
    signed_up.raise_for_status()
    tokens = api.log_in(gateway, email, PASSWORD, client_ip=ip)
    tokens.raise_for_status()
    return Candidate(signed_up.json()["id"], {**api.bearer(tokens.json()), "X-Forwarded-For": ip})


async def sign_up_pool(gateway: str, size: int, concurrency: int = 4) -> list[Candidate]:
    """`size` candidates signed up and logged in (blocking helpers, in threads)."""
    gate = asyncio.Semaphore(concurrency)

    async def one() -> Candidate:
        async with gate:
            return await asyncio.to_thread(sign_up_one, gateway)
    return list(await asyncio.gather(*(one() for _ in range(size))))


@dataclass
class Phase:
    """What the loops of one phase share: where to send, until when, what they recorded."""

    session: aiohttp.ClientSession
    gateway: str
    stop_at: float  # loop time after which no new request goes out
    requests: list[Request] = field(default_factory=list)

    def stopping(self) -> bool:
        return asyncio.get_running_loop().time() >= self.stop_at

    async def call(self, kind: str, method: str, path: str, headers: dict, body: dict | None = None,
                   ) -> tuple[int | str, dict | None]:
        """(status or client error name, JSON body or None); every call is recorded."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            async with self.session.request(method, f"{self.gateway}{path}", json=body, headers=headers) as answer:
                status = answer.status
                payload = await answer.json(content_type=None) if status < 300 else await answer.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            status, payload = type(exc).__name__, None
        self.requests.append(Request(kind, started, loop.time(), status))
        return status, payload if isinstance(payload, dict) else None


@dataclass
class Answering:
    """The answering phase's settings and the pool it takes fresh candidates from."""

    bank: object
    pool: deque[Candidate]
    think_ms: float
    pacer: Pacer | None
    rng: random.Random
    finished: int = 0  # candidates who took all 16 tests
    exhausted_at: float | None = None  # loop time the pool ran dry, if it did


async def answering_loop(phase: Phase, answering: Answering) -> None:
    """One seat: a candidate takes the 16 tests, then a fresh one from the pool sits down."""
    while not phase.stopping():
        if not answering.pool:
            answering.exhausted_at = answering.exhausted_at or asyncio.get_running_loop().time()
            return
        if await take_all_tests(phase, answering, answering.pool.popleft()):
            answering.finished += 1


async def take_all_tests(phase: Phase, answering: Answering, person: Candidate) -> bool:
    """The tests competence after competence, the reference answers, a wrong one in four.
    True when all 16 were done before the phase stopped."""
    turn = 0
    for code in CODES:
        failures = 0
        if phase.stopping():
            return False
        status, view = await phase.call("start", "POST", "/api/assessments", person.headers,
                                        {"competenceCode": code})
        if view is None:
            continue  # counted as an error of "start"; the next competence
        while view is not None and view.get("state") == "started" and failures < 3 and not phase.stopping():
            await pause(answering)
            challenge = answering.bank.challenge_by_id[view["challenge"]["id"]]
            choose = wrong_answer if turn % 4 == 3 else reference_answer
            body = {"challengeId": challenge.id, "answer": choose(challenge, view["challenge"]["proposals"])}
            status, answered = await phase.call("answer", "POST", f"/api/assessments/{view['id']}/answers",
                                                person.headers, body)
            turn += 1
            if answered is not None:
                view, failures = answered["assessment"], 0
            else:  # counted as an error; read where the test stands, as a browser would reload
                failures += 1
                view = (await phase.call("read", "GET", f"/api/assessments/{view['id']}", person.headers))[1]
        if view is not None and view.get("state") == "started":
            return False  # stopped mid-test, or the test kept refusing answers: a fresh candidate
    return True


async def pause(answering: Answering) -> None:
    loop = asyncio.get_running_loop()
    think = think_seconds(answering.think_ms, answering.rng)
    if think:
        await asyncio.sleep(think)
    if answering.pacer is not None:
        wait = answering.pacer.reserve(loop.time()) - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)


async def noop_loop(phase: Phase, person: Candidate) -> None:
    """GET of an assessment nobody has: gateway, token check, assessment, one `_id` find, 404."""
    while not phase.stopping():
        await phase.call("noop", "GET", f"/api/assessments/{uuid.uuid4()}", person.headers)


def session(concurrency: int) -> aiohttp.ClientSession:
    """One client for every loop: kept-alive connections, one per loop at most, no cookies."""
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency, ttl_dns_cache=None)
    return aiohttp.ClientSession(connector=connector, timeout=TIMEOUT, cookie_jar=aiohttp.DummyCookieJar())
