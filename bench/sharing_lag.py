"""Sharing's lag while candidates answer positioning tests (issue 11). Not a test.

    PIX_TEST_SLOT=7 .venv/bin/pixlocal up --test
    PIX_TEST_SLOT=7 .venv/bin/python bench/sharing_lag.py --candidates 4 --samples 50

(a) "Envoyer" → the row: from the moment POST /api/shares goes out to the moment the person's
    row, with that sending's date, is in the organization's table (GET …/profiles, polled
    every 20 ms by a member, as the organization space reads it).
(b) a campaign participant's last answer → their result in the campaign: from the moment the
    answer that ends the campaign test goes out (POST /api/assessments/<participation id>/answers,
    AnswerRecorded → CampaignAssessmentCompleted → sharing) to the participation's status
    TO_SHARE (GET /api/campaigns/participations/<id>, what the participant sees) and to the
    participant's row TO_SHARE in the campaign's table (GET /api/campaigns/<id>/participants).

Meanwhile `--candidates` people take positioning tests without pause (bench/answers.py's
candidate), and `--sharers` people share / take the campaign test at once. The goal is a
p99 ≤ 2 s for each lag. Everything goes through the gateway of the stack PIX_TEST_SLOT names.
"""
from __future__ import annotations

import argparse
import email
import re
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from pix_assessment.domain.content import load_bank
from pix_assessment.domain.content.reference import reference_answer, wrong_answer
from pixlocal import api
from pixlocal import platform as local
from pixlocal.config import test_stack

sys.path.insert(0, str(Path(__file__).resolve().parent))
from answers import candidate  # noqa: E402 - bench/answers.py, the positioning load

PASSWORD = "Secret123"
POLL_S = 0.02
GIVE_UP_S = 30.0
TUBE = "@motscles"  # one tube: a short campaign test, so that many participants finish one
LINK = re.compile(r"/organisations/invitation/([0-9a-f-]{36})\?jeton=([A-Za-z0-9_-]+)")


class Client:
    def __init__(self, gateway: str, auth: dict, ip: str) -> None:
        self.gateway, self.headers, self.session = gateway, {**auth, "X-Forwarded-For": ip}, requests.Session()

    def call(self, method: str, path: str, **kw) -> dict:
        answer = self.session.request(method, f"{self.gateway}{path}", headers=self.headers, timeout=30, **kw)
        if answer.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text[:300]}")
        return answer.json() if answer.content else {}


def person(gateway: str, last_name: str = "Banc") -> tuple[Client, str, str]:
    """(a signed-in client, the person's id, their address)."""
    ip, address = api.random_ip(), f"lag.{uuid.uuid4().hex[:12]}@example.fr"
    signed_up = api.sign_up(gateway, first_name="Délai", last_name=last_name, email=address, password=PASSWORD,
                            client_ip=ip)
    signed_up.raise_for_status()
    tokens = api.log_in(gateway, address, PASSWORD, client_ip=ip)
    tokens.raise_for_status()
    return Client(gateway, api.bearer(tokens.json()), ip), signed_up.json()["id"], address


def invitation(mail_dir: Path, address: str, timeout: float = 30.0) -> tuple[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in mail_dir.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes())
            if message["To"] == address:
                match = LINK.search(message.get_payload(decode=True).decode("utf-8", "replace"))
                if match:
                    return match.groups()
        time.sleep(0.2)
    raise RuntimeError(f"no invitation mail for {address}")


def organization(cfg, gateway: str) -> tuple[Client, dict, dict]:
    """(its admin, the organization, an assessment campaign on one tube)."""
    admin = local.first_admin(cfg)
    root = Client(gateway, api.bearer(api.log_in(gateway, admin["admin_email"], admin["admin_password"],
                                                 client_ip=api.random_ip()).json()), api.random_ip())
    boss, _, address = person(gateway, "Responsable")
    created = root.call("POST", "/api/organizations", json={"displayName": f"Banc {uuid.uuid4().hex[:6]}",
                                                            "type": "PRO", "adminEmail": address})
    invitation_id, token = invitation(Path(cfg.service_env()["PIX_MAIL_DIR"]), address)
    boss.call("POST", f"/api/organizations/invitations/{invitation_id}/accept", json={"token": token})
    wait(lambda: boss.session.get(f"{gateway}/api/organizations/{created['id']}", headers=boss.headers,
                                  timeout=30).status_code == 200, "the admin's membership")
    campaign = boss.call("POST", f"/api/organizations/{created['id']}/campaigns",
                         json={"title": "Banc de délai", "kind": "ASSESSMENT", "targetCompetences": [],
                               "targetTubes": [TUBE], "multipleSendings": False})
    return boss, created, campaign


def wait(check, what: str, timeout: float = GIVE_UP_S, interval: float = POLL_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise RuntimeError(f"timed out waiting for {what}")


def share_lag(gateway: str, boss: Client, organization: dict) -> float:
    client, me, _ = person(gateway)
    path = f"/api/organizations/{organization['id']}/profiles"
    params = {"sort": "sharedAt", "order": "desc", "size": 100}
    started = time.perf_counter()
    sent = client.call("POST", "/api/shares", json={"organizationCode": organization["code"]})

    def visible():
        rows = boss.call("GET", path, params=params)["rows"]
        return any(r["userId"] == me and r["sharedAt"] == sent["sharedAt"] for r in rows)
    wait(visible, "the row in the organization's table")
    return time.perf_counter() - started


def campaign_lag(gateway: str, boss: Client, campaign: dict, bank) -> tuple[float, float]:
    """(last answer → the participant's TO_SHARE, last answer → the row's TO_SHARE)."""
    client, me, _ = person(gateway)
    joined = client.call("POST", "/api/campaigns/participations", json={"campaignCode": campaign["code"]})
    pid = joined["participationId"]

    def test_started():
        answer = client.session.get(f"{gateway}/api/assessments/{pid}", headers=client.headers, timeout=30)
        return answer.json() if answer.status_code == 200 else None
    view, turn = wait(test_started, "assessment to start the campaign test"), 0
    while True:
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        choose = wrong_answer if turn % 3 == 2 else reference_answer
        body = {"challengeId": challenge.id, "answer": choose(challenge, view["challenge"]["proposals"])}
        started = time.perf_counter()
        view, turn = client.call("POST", f"/api/assessments/{pid}/answers", json=body)["assessment"], turn + 1
        if view["state"] != "started":
            break
    seen = {}

    def participant():
        if "participant" not in seen and client.call("GET", f"/api/campaigns/participations/{pid}")[
                "status"] == "TO_SHARE":
            seen["participant"] = time.perf_counter() - started
        if "row" not in seen:
            rows = boss.call("GET", f"/api/campaigns/{campaign['id']}/participants", params={"size": 100,
                                                                                           "sort": "startedAt",
                                                                                           "order": "desc"})["rows"]
            if any(r["userId"] == me and r["status"] == "TO_SHARE" for r in rows):
                seen["row"] = time.perf_counter() - started
        return len(seen) == 2
    wait(participant, "the campaign result")
    return seen["participant"], seen["row"]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000
    return (f"{len(ordered)} samples: p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {pct(0.95):.0f} ms, "
            f"p99 {pct(0.99):.0f} ms, max {ordered[-1] * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=4, help="people answering positioning tests meanwhile")
    parser.add_argument("--sharers", type=int, default=2, help="shares / campaign tests at once")
    parser.add_argument("--samples", type=int, default=50, help="samples of each lag")
    args = parser.parse_args()
    cfg = test_stack()
    gateway, bank = cfg.gateway_url, load_bank()
    boss, org, campaign = organization(cfg, gateway)
    stop = threading.Event()
    answered = []

    def load() -> None:
        while not stop.is_set():
            answered.append(len(candidate(gateway, time.perf_counter() + 20, bank)))
    loaders = [threading.Thread(target=load, daemon=True) for _ in range(args.candidates)]
    for thread in loaders:
        thread.start()
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(args.sharers) as pool:
            shares = list(pool.map(lambda _: share_lag(gateway, boss, org), range(args.samples)))
            campaigns = list(pool.map(lambda _: campaign_lag(gateway, boss, campaign, bank), range(args.samples)))
    finally:
        stop.set()
    measured = time.perf_counter() - started
    for thread in loaders:
        thread.join(timeout=60)
    loaded = time.perf_counter() - started  # the candidates finish the test they are in
    print(f"stack {gateway} ({cfg.var_dir.name}), {args.candidates} candidates answering throughout "
          f"({sum(answered)} answers in {loaded:.0f} s, {sum(answered) / loaded:.1f}/s), "
          f"{args.sharers} sharers at once, {measured:.0f} s of measures")
    print(f"(a) Envoyer → row in the organization's table: {percentiles(shares)}")
    print(f"(b) last answer → participation TO_SHARE:        {percentiles([c[0] for c in campaigns])}")
    print(f"(b) last answer → campaign table row TO_SHARE:   {percentiles([c[1] for c in campaigns])}")


if __name__ == "__main__":
    main()
