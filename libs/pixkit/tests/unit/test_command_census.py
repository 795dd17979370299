import json
from types import SimpleNamespace

from pixkit import command_census
from pixkit.command_census import CommandCensus


def started(name, target):
    return SimpleNamespace(command_name=name, command={name: target})


def test_off_unless_the_environment_names_a_directory(monkeypatch):
    monkeypatch.delenv(command_census.ENV, raising=False)
    assert command_census.listeners() == []


def test_counts_by_command_and_collection_and_writes_them(tmp_path, monkeypatch):
    monkeypatch.setenv(command_census.ENV, str(tmp_path))
    monkeypatch.setenv("PIX_PROCESS_LABEL", "assessment-web")
    (census,) = command_census.listeners()
    census.started(started("find", "events"))
    monkeypatch.setattr(command_census, "FLUSH_EVERY_S", 0.0)
    census.started(started("find", "events"))
    census.started(started("insert", "outbox"))
    census.started(started("ping", 1))  # no collection
    written = json.loads(census.path.read_text())
    assert census.path.name.startswith("assessment-web-")
    assert written == {"find events": 2, "insert outbox": 1, "ping -": 1}


def test_writes_at_most_every_flush_period(tmp_path):
    census = CommandCensus(tmp_path, "x")
    census.started(started("find", "a"))
    census.started(started("find", "a"))  # within the period: counted, not written
    assert json.loads(census.path.read_text()) == {"find a": 1}
    assert census.counts["find a"] == 2
