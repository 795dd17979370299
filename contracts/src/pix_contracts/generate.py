"""Write the JSON Schema files of contracts/ from the marshmallow schemas.

    python -m pix_contracts.generate          # (re)write them
    python -m pix_contracts.generate --check  # exit 1 if a committed file differs

One file per registered (wire name, version) in EVENT_SCHEMAS, at events/<Type>.v<N>.json,
plus people/Person.v1.json and dlq.v1.json. The files are committed because consumers and
docs link to them; tests/contract checks that they are exactly what this writes.
events/envelope.v1.json is written by hand: the envelope is read by pixkit.events, not by a
marshmallow schema. Producer, topic and key in each event's description come from
catalog.yaml, so an event must be in the catalog before it can be generated.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from .jsonschema import description_of, document
from .registry import DEAD_LETTER_SCHEMA, EVENT_SCHEMAS, PERSON_SCHEMA

# contracts/ in a source checkout (the package is installed editable from there).
CONTRACTS = Path(__file__).resolve().parents[2]
COMMAND = "python -m pix_contracts.generate"
HAND_WRITTEN = ("events/envelope.v1.json",)


def event_path(type_name: str, version: int) -> str:
    return f"events/{type_name}.v{version}.json"


def documents(catalog: dict) -> dict[str, dict]:
    """Relative path in contracts/ → the JSON Schema document to write there."""
    out = {}
    for (type_name, version), schema_class in sorted(EVENT_SCHEMAS.items()):
        entry = catalog["events"].get(type_name)
        if entry is None:
            raise LookupError(f"{type_name} is registered in pix_contracts but not in catalog.yaml: add it there")
        summary = f"data of {type_name} ({entry['producer']}, {entry['topic']}, key {entry['key']})."
        text = description_of(schema_class)
        out[event_path(type_name, version)] = document(
            schema_class, f"{type_name} v{version}", f"{summary} {text}" if text else summary)
    out["people/Person.v1.json"] = document(PERSON_SCHEMA, "Person v1", description_of(PERSON_SCHEMA))
    out["dlq.v1.json"] = document(DEAD_LETTER_SCHEMA, "Dead letter v1", description_of(DEAD_LETTER_SCHEMA))
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def rendered(root: Path = CONTRACTS) -> dict[str, str]:
    catalog = yaml.safe_load((root / "catalog.yaml").read_text(encoding="utf-8"))
    return {path: render(schema) for path, schema in documents(catalog).items()}


def strays(root: Path, expected) -> list[str]:
    """Schema files on disk that neither generation nor a hand writes (a removed contract?)."""
    on_disk = {str(p.relative_to(root)) for p in [*root.glob("events/*.json"), *root.glob("people/*.json")]}
    return sorted(on_disk - set(expected) - set(HAND_WRITTEN))


def stale(root: Path = CONTRACTS) -> list[str]:
    """Generated files whose committed bytes differ from what generation writes now."""
    out = []
    for path, text in rendered(root).items():
        target = root / path
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is out of date")
    parser.add_argument("--root", type=Path, default=CONTRACTS, help="the contracts/ directory")
    args = parser.parse_args(argv)
    files = rendered(args.root)
    if args.check:
        out_of_date = stale(args.root)
        for path in out_of_date:
            print(f"out of date: {path}", file=sys.stderr)
        for path in strays(args.root, files):
            print(f"not generated from any schema: {path}", file=sys.stderr)
        if out_of_date:
            print(f"run: {COMMAND}", file=sys.stderr)
        return 1 if out_of_date or strays(args.root, files) else 0
    for path, text in files.items():
        target = args.root / path
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for path in strays(args.root, files):
        print(f"not generated from any schema (remove it if its contract is gone): {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
