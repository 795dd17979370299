"""Content validation of the whole challenge bank (docs/content.md, domain/content/FORMAT.md).

The loader only rejects what cannot be read; these checks reject what would mislead a
candidate: a solution outside the proposals, a numeric answer that is not a number, a
generated file that does not hold the expected answer. Per-file checks are parametrized by
the bank files present, so each competence's file is judged on its own; the bank-wide
minimums (≥ 300 challenges, every competence present…) hold only once all files are written.
"""
from __future__ import annotations

import re
import string
from collections import Counter

import pytest
import yaml
from pix_assessment.domain import answers
from pix_assessment.domain.content.attachments import generators
from pix_assessment.domain.content.attachments.model import Document, Table
from pix_assessment.domain.content.attachments.render import read_back, render
from pix_assessment.domain.content.framework import COMPETENCES
from pix_assessment.domain.content.loader import BANK_DIR, load_bank
from pix_assessment.domain.content.model import CHALLENGE_TYPES, TOLERANCES

BANK_FILES = sorted(BANK_DIR.glob("*.yaml"))
PRESENT_CODES = [path.stem for path in BANK_FILES]
KNOWN_CODES = [competence.code for competence in COMPETENCES]
ATTACHMENTS = generators()
COMMUNES_MAGIC_WORD_LENGTH = 9


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def _challenges_of(bank, code: str):
    return [c for c in bank.challenges if c.competence_code == code]


# --- answer checking: the real checker (docs/domain.md §3), never a second copy of its rules ---

def _accepts(challenge, answer) -> bool:
    return answers.is_correct(challenge, answers.parse_answer(challenge, answer))


def _variants(challenge) -> list[str]:
    solution = challenge.solution
    if challenge.type == "QROC":
        return list(solution)
    if challenge.type == "QROCM-ind":
        return [v for variants in solution.values() for v in variants]
    if challenge.type == "QROCM-dep":
        return [v for group in solution for v in group]
    return []


# --- the bank as a whole ---------------------------------------------------------------------

def test_the_bank_loads_with_a_version(bank):
    assert bank.version and bank.challenges


def test_challenge_ids_are_unique_and_follow_their_skill(bank):
    ids = Counter(c.id for c in bank.challenges)
    assert [i for i, n in ids.items() if n > 1] == []
    misnamed = [c.id for c in bank.challenges if not re.fullmatch(rf"{c.skill[1:]}-[a-z0-9]+(-[a-z0-9]+)*", c.id)]
    assert misnamed == [], "ids are <tube><level>-<short-slug>"


def test_tube_names_are_lowercase_letters_and_unique(bank):
    names = [t.name for t in bank.tubes]
    assert [n for n in names if not re.fullmatch(r"[a-z]+", n)] == []
    assert len(names) == len(set(names))


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.name)
def test_each_file_is_named_after_a_known_competence(path):
    declared = str(yaml.safe_load(path.read_text(encoding="utf-8"))["competence"])
    assert declared == path.stem and declared in KNOWN_CODES


def _non_scalars(node, where: str):
    """Proposals and variants that YAML read as something else than text (an unquoted « a : b »
    becomes a mapping, which the loader would then show as "{'a': 'b'})."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}/{node.get('id', key)}"
            if key in ("proposals", "proposals_en", "solution") and isinstance(value, list):
                flat = [v for item in value for v in (item if isinstance(item, list) else [item])]
                yield from (f"{here}: {v!r}" for v in flat if not isinstance(v, str | int | float))
            yield from _non_scalars(value, here)
    elif isinstance(node, list):
        for item in node:
            yield from _non_scalars(item, where)


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.name)
def test_proposals_and_variants_are_plain_text(path):
    assert list(_non_scalars(yaml.safe_load(path.read_text(encoding="utf-8")), path.stem)) == []


def test_every_competence_of_the_framework_has_a_bank_file():
    assert sorted(set(KNOWN_CODES) - set(PRESENT_CODES)) == []


def test_the_bank_is_big_and_varied_enough(bank):
    validated = [c for c in bank.challenges if c.status == "validated"]
    assert len(validated) >= 300
    assert set(Counter(c.type for c in validated)) == set(CHALLENGE_TYPES)
    assert sum(1 for c in validated if c.is_timed) >= 10
    assert sum(1 for c in validated if c.attachment) >= 8


# --- one competence at a time ----------------------------------------------------------------

@pytest.mark.parametrize("code", PRESENT_CODES)
def test_each_competence_has_tubes_and_every_level(bank, code):
    tubes = [t for t in bank.tubes if t.competence_code == code]
    skills = bank.skills_of(code)
    assert len(tubes) >= 2
    assert {s.level for s in skills} >= set(range(1, 7))
    validated = Counter(c.skill for c in bank.challenges_of(code))
    assert [s.name for s in skills if validated[s.name] == 0] == [], "every skill needs a validated challenge"


def _shape_errors(c) -> list[str]:
    errors: list[str] = []
    if not c.instruction_fr:
        errors.append("empty instruction")
    if c.proposals_en and len(c.proposals_en) != len(c.proposals_fr):
        errors.append("proposals_en and proposals differ in length")
    if not set(c.tolerances) <= set(TOLERANCES):
        errors.append(f"unknown tolerances {sorted(c.tolerances)}")
    if c.timer is not None and not (isinstance(c.timer, int) and c.timer > 0):
        errors.append(f"timer must be a positive number of seconds, not {c.timer!r}")
    if c.attachment and c.attachment not in ATTACHMENTS:
        errors.append(f"attachment {c.attachment!r} is not registered")
    if c.type == "QCU" and not (3 <= len(c.proposals_fr) <= 5 and 1 <= c.solution <= len(c.proposals_fr)):
        errors.append("QCU needs 3-5 proposals and a solution among them")
    if c.type == "QCM" and not (2 <= len(c.proposals_fr) <= 6 and c.solution
                                and all(1 <= i <= len(c.proposals_fr) for i in c.solution)):
        errors.append("QCM needs 2-6 proposals and solutions among them")
    if c.type in ("QROC", "QROCM-ind", "QROCM-dep") and c.proposals_fr:
        errors.append("free-answer challenges have no proposals")
    errors.extend(_answer_errors(c))
    return errors


def _answer_errors(c) -> list[str]:
    errors: list[str] = []
    names = [f.name for f in c.fields]
    if len(names) != len(set(names)):
        errors.append("field names repeat")
    if c.type == "QROC":
        if not all(str(v).strip() for v in c.solution):
            errors.append("empty QROC variant")
        if c.numeric:
            try:
                [float(v) for v in c.solution]
            except ValueError:
                errors.append(f"numeric variants must be numbers written with a dot: {c.solution}")
    if c.type == "QROCM-ind" and set(c.solution) != set(names):
        errors.append("QROCM-ind solution keys must be the field names")
    if c.type == "QROCM-dep" and len(c.solution) < len(names):
        errors.append("QROCM-dep needs at least as many variant groups as fields")
    if c.type.startswith("QROCM") and not names:
        errors.append("QROCM without fields")
    return errors


@pytest.mark.parametrize("code", PRESENT_CODES)
def test_each_challenge_is_well_formed(bank, code):
    errors = {c.id: e for c in _challenges_of(bank, code) if (e := _shape_errors(c))}
    assert errors == {}


@pytest.mark.parametrize("code", PRESENT_CODES)
def test_multiple_choice_solutions_are_accepted_by_the_checker(bank, code):
    # Guards the checker used below as much as the content: a right answer must pass.
    for c in _challenges_of(bank, code):
        if c.type == "QCU":
            assert _accepts(c, str(c.solution)), c.id
        elif c.type == "QCM":
            assert _accepts(c, [str(i) for i in sorted(c.solution)]), c.id
        elif c.type == "QROC":
            assert _accepts(c, c.solution[0]), c.id


def test_t2_is_off_where_its_removals_would_leave_a_bare_character(bank):
    """t2 removes symbols and hyphens too (docs/domain.md §3): a variant such as "⌘V" would
    become "v", and a bare letter would pass. Where they matter, the challenge has no t2."""
    def left_bare(variant: str, tolerances) -> bool:
        kept = answers.normalize(variant, tolerances).strip()
        return len(kept) < 2 and kept != answers.normalize(variant, tolerances - {"t2"}).strip()

    bare = {c.id: v for c in bank.challenges if "t2" in c.tolerances and not c.numeric
            for v in _variants(c) if left_bare(v, c.tolerances)}
    assert bare == {}


# --- generated attachments -------------------------------------------------------------------

def test_every_attachment_used_is_registered_and_every_registered_one_is_used(bank):
    used = {c.attachment for c in bank.challenges if c.attachment}
    assert sorted(used - set(ATTACHMENTS)) == []
    assert sorted(set(ATTACHMENTS) - used) == []


def _renderings():
    for name, registered in sorted(ATTACHMENTS.items()):
        for fmt in registered.generate().formats:
            yield pytest.param(name, fmt, id=f"{name}.{fmt}")


def _content_of(spec) -> list:
    if isinstance(spec, Table):
        return [list(spec.header), *[list(row) for row in spec.rows]]
    return [p.text for p in spec.paragraphs]


@pytest.mark.parametrize(("name", "fmt"), list(_renderings()))
def test_each_attachment_reads_back_as_written_and_holds_its_answer(bank, name, fmt):
    registered = ATTACHMENTS[name]
    spec = registered.generate()
    assert isinstance(spec, Table | Document)
    data = render(spec, fmt)
    assert render(spec, fmt) == data, "rendering must be deterministic"
    content = read_back(data, fmt)
    assert content == _content_of(spec)
    answer = registered.solve(content)
    users = [c for c in bank.challenges if c.attachment == name]
    refused = [c.id for c in users if not _accepts(c, answer)]
    assert refused == [], f"{name}.{fmt} gives {answer!r}"


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_communes_of_the_ain_spell_the_magic_word_once_sorted(bank, fmt):
    registered = ATTACHMENTS["communes-ain"]
    rows = read_back(render(registered.generate(), fmt), fmt)
    header, data = rows[0], rows[1:]
    assert len(header) >= 4 and len(data) == 419
    populations = [row[2] for row in data]
    assert all(isinstance(p, int) for p in populations), "populations stay numbers"
    assert len(set(populations)) == 419, "unique populations: the sorted order is unambiguous"
    assert len({row[0] for row in data}) == 419 and len({str(row[1]).lower() for row in data}) == 419
    assert all(isinstance(row[3], str) and len(row[3]) == 1 and row[3] in string.ascii_uppercase for row in data)
    by_population = sorted(data, key=lambda row: row[2], reverse=True)
    word = "".join(row[3] for row in by_population[:COMMUNES_MAGIC_WORD_LENGTH])
    unsorted_word = "".join(row[3] for row in data[:COMMUNES_MAGIC_WORD_LENGTH])
    assert word != unsorted_word, "the word appears only after sorting"
    challenges = [c for c in bank.challenges if c.attachment == "communes-ain"]
    assert challenges and all(word.lower() in {v.lower() for v in c.solution} for c in challenges)
