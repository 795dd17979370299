"""The local store's start arguments: FerretDB runs with the SQLite pragmas and Go runtime
settings chosen in docs/adr/0014-local-store-runtime.md, and none that would lose an
acknowledged write when a process crashes."""
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pixlocal import infra, procs
from pixlocal.config import StackConfig, ferretdb_binary

ROOT = Path(__file__).resolve().parents[2]
ADR = ROOT / "docs" / "adr" / "0014-local-store-runtime.md"
# Settings under which a write acknowledged to the client may not be in the OS's hands yet,
# or the database may not survive a crash (https://www.sqlite.org/pragma.html).
LOSES_WRITES_ON_CRASH = ("journal_mode(memory)", "journal_mode(off)", "locking_mode", "synchronous(off)",
                         "synchronous(0)")


def sqlite_url(argv: list[str]) -> str:
    (url,) = [arg.removeprefix("--sqlite-url=") for arg in argv if arg.startswith("--sqlite-url=")]
    return url


def test_the_store_gets_its_pragmas_as_sqlite_url_parameters(tmp_path):
    cfg = StackConfig(var_dir=tmp_path, mongo_port=40123)
    argv = infra.store_command(cfg, infra.StoreRuntime(pragmas=("synchronous(normal)", "cache_size(-16384)")))
    assert argv[0] == str(ferretdb_binary())
    assert "--listen-addr=127.0.0.1:40123" in argv
    url = urlsplit(sqlite_url(argv))
    assert (url.scheme, url.path) == ("file", f"{tmp_path / 'store'}/")  # FerretDB wants the directory, with "/"
    assert parse_qs(url.query)["_pragma"] == ["synchronous(normal)", "cache_size(-16384)"]


def test_without_settings_the_url_is_the_bare_directory(tmp_path):
    argv = infra.store_command(StackConfig(var_dir=tmp_path), infra.StoreRuntime())
    assert sqlite_url(argv) == f"file:{tmp_path / 'store'}/"


def test_the_chosen_settings_keep_writes_through_a_process_crash():
    pragmas = [p.replace(" ", "").lower() for p in infra.STORE_RUNTIME.pragmas]
    assert not [p for p in pragmas if p.startswith(LOSES_WRITES_ON_CRASH)]
    # FerretDB's own journal (WAL) stays: with it, synchronous=NORMAL keeps commits through a crash.
    assert not [p for p in pragmas if p.startswith("journal_mode") and p != "journal_mode(wal)"]


def test_start_store_passes_the_go_runtime_settings(tmp_path, monkeypatch):
    started = {}

    def fake_start(run_dir, log_dir, name, argv, env=None, cwd=None, ports=()):
        started.update(name=name, argv=argv, env=env, ports=ports)
        return 4242

    monkeypatch.setattr(procs, "start", fake_start)
    monkeypatch.setattr(procs, "wait_until", lambda *args, **kwargs: True)
    cfg = StackConfig(var_dir=tmp_path, mongo_port=40124)
    runtime = infra.StoreRuntime(pragmas=("synchronous(normal)",), go_env=(("GOGC", "400"),))
    assert infra.start_store(cfg, runtime=runtime) == 4242
    assert started["name"] == "store" and started["ports"] == (40124,)
    assert started["env"] == {"GOGC": "400"}
    assert started["argv"] == infra.store_command(cfg, runtime)
    assert (tmp_path / "store").is_dir()


@pytest.mark.parametrize("setting", [*infra.STORE_RUNTIME.pragmas,
                                     *(f"{k}={v}" for k, v in infra.STORE_RUNTIME.go_env)])
def test_the_decision_record_names_each_setting_the_store_runs_with(setting):
    assert f"`{setting}`" in ADR.read_text()
