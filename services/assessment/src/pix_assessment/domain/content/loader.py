"""Reads the bank's YAML files (one per competence, see FORMAT.md) into a `Bank`.

Structural errors raise `ContentError` naming the file and challenge: a bank that does not
load never reaches a candidate. Semantic checks (solutions among proposals, attachments
holding their answer…) live in the content validation test.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import yaml

from .framework import AREAS, COMPETENCES
from .model import CHALLENGE_TYPES, STATUSES, TOLERANCES, Bank, Challenge, Field, Skill, Tube

BANK_DIR = Path(__file__).parent / "bank"
BANK_VERSION = "2026.11"


class ContentError(ValueError):
    pass


def _solution(kind: str, raw, where: str, fields: tuple[Field, ...]):
    if kind == "QCU":
        if not isinstance(raw, int):
            raise ContentError(f"{where}: QCU solution must be a 1-based proposal number")
        return raw
    if kind == "QCM":
        if not isinstance(raw, list) or not all(isinstance(i, int) for i in raw):
            raise ContentError(f"{where}: QCM solution must be a list of proposal numbers")
        return frozenset(raw)
    if kind == "QROC":
        if not isinstance(raw, list) or not raw:
            raise ContentError(f"{where}: QROC solution must be a non-empty list of variants")
        return tuple(str(v) for v in raw)
    if kind == "QROCM-ind":
        names = {f.name for f in fields}
        if not isinstance(raw, dict) or set(raw) != names:
            raise ContentError(f"{where}: QROCM-ind solution must map every field name to its variants")
        return {name: tuple(str(v) for v in variants) for name, variants in raw.items()}
    if not isinstance(raw, list) or len(raw) < len(fields) or not all(isinstance(g, list) and g for g in raw):
        raise ContentError(f"{where}: QROCM-dep solution must list at least one variant group per field")
    return tuple(tuple(str(v) for v in group) for group in raw)


def _texts(raw: list, where: str, what: str) -> tuple[str, ...]:
    # An unquoted "Rien : blabla" is a YAML mapping: refuse it rather than show "{'Rien': …}".
    if not all(isinstance(item, str | int | float) and not isinstance(item, bool) for item in raw):
        raise ContentError(f"{where}: every {what} must be plain text (quote it)")
    return tuple(str(item) for item in raw)


def _challenge(raw: dict, skill: Skill, where: str) -> Challenge:
    kind = raw.get("type")
    if kind not in CHALLENGE_TYPES:
        raise ContentError(f"{where}: unknown type {kind!r}")
    fields = tuple(Field(f["name"], f["label"], f.get("label_en") or f["label"]) for f in raw.get("fields", ()))
    if kind.startswith("QROCM") and not fields:
        raise ContentError(f"{where}: a QROCM challenge needs fields")
    tolerances = frozenset(raw.get("tolerances", ()))
    if not tolerances <= set(TOLERANCES):
        raise ContentError(f"{where}: unknown tolerance in {sorted(tolerances)}")
    focus = raw.get("focus", False)
    if not isinstance(focus, bool):
        raise ContentError(f"{where}: focus must be true or false, not {focus!r}")
    status = raw.get("status", "validated")
    if status not in STATUSES:
        raise ContentError(f"{where}: unknown status {status!r}")
    return Challenge(
        id=str(raw["id"]), skill=skill.name, type=kind,
        instruction_fr=raw["instruction"].strip(), instruction_en=(raw.get("instruction_en") or "").strip() or None,
        proposals_fr=_texts(raw.get("proposals", []), where, "proposal"),
        proposals_en=_texts(raw.get("proposals_en", []), where, "proposal"),
        fields=fields, solution=_solution(kind, raw.get("solution"), where, fields),
        numeric=bool(raw.get("numeric", False)), tolerances=tolerances, timer=raw.get("timer"),
        attachment=raw.get("attachment"), illustration_alt=raw.get("illustration_alt"), focus=focus, status=status,
        locale=raw.get("locale", "fr-fr"), competence_code=skill.competence_code, level=skill.level,
    )


def _read(path: Path, tubes: list, skills: list, challenges: list) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    code = str(doc["competence"])
    for raw_tube in doc["tubes"]:
        tube = Tube(raw_tube["name"], code, raw_tube["title"], raw_tube.get("title_en") or raw_tube["title"])
        tubes.append(tube)
        for raw_skill in raw_tube["skills"]:
            level = int(raw_skill["level"])
            if not 1 <= level <= 8:
                raise ContentError(f"{path.name}: @{tube.name}{level}: level must be 1..8")
            skill = Skill(f"@{tube.name}{level}", tube.name, level, code)
            skills.append(skill)
            for raw in raw_skill["challenges"]:
                challenges.append(_challenge(raw, skill, f"{path.name} {skill.name} {raw.get('id')}"))


def load_bank_from(directory: Path) -> Bank:
    tubes: list[Tube] = []
    skills: list[Skill] = []
    challenges: list[Challenge] = []
    files = sorted(directory.glob("*.yaml"))
    for path in files:
        _read(path, tubes, skills, challenges)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()[:12]
    for what, names in (("tube", [t.name for t in tubes]), ("skill", [s.name for s in skills]),
                        ("challenge id", [c.id for c in challenges])):
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ContentError(f"duplicate {what}: {duplicates}")
    return Bank(f"{BANK_VERSION}+{digest}", AREAS, COMPETENCES, tuple(tubes), tuple(skills), tuple(challenges))


@lru_cache(maxsize=1)
def load_bank() -> Bank:
    return load_bank_from(BANK_DIR)
