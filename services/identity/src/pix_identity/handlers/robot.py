"""The sign-up robot check as a service: hands out puzzles, admits each solved one once."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pixkit.service_secrets import ServiceSecrets

from ..adapters.robot_nonces import UsedNonces
from ..domain import robot_check
from ..domain.errors import RobotCheckRefused
from ..domain.registration import RobotProof

KEY_NAME = "robot-check"


@dataclass(frozen=True)
class ReadRobotPuzzle:
    pass


@dataclass
class RobotGate:
    secrets: ServiceSecrets
    nonces: UsedNonces
    difficulty: int
    clock: Callable[[], datetime]

    def puzzle(self) -> robot_check.Puzzle:
        return robot_check.issue(self.secrets.get(KEY_NAME), self.clock().timestamp(), self.difficulty)

    def admit(self, proof: RobotProof) -> None:
        now = self.clock()
        try:
            nonce = robot_check.verify(self.secrets.get(KEY_NAME), proof.challenge, proof.counter,
                                       now.timestamp(), self.difficulty)
        except robot_check.RobotCheckFailed as exc:
            raise RobotCheckRefused(details={"reason": str(exc)}) from exc
        if not self.nonces.spend(nonce, now):
            raise RobotCheckRefused(details={"reason": "already used"})


def read_robot_puzzle(query: ReadRobotPuzzle, meta, *, gate: RobotGate) -> dict:
    puzzle = gate.puzzle()
    return {"challenge": puzzle.challenge, "difficulty": puzzle.difficulty}
