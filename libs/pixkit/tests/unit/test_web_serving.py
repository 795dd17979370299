"""gunicorn settings, the metrics hooks, JSON lines and the per-process Mongo client."""
import json
import logging
import os

from pixkit.settings import Settings
from pixkit.web import mongo, serving
from pixkit.web.jsonlog import JsonFormatter


def test_settings_come_from_the_environment():
    conf = serving.gunicorn_settings("profile", {"PIX_BIND": "0.0.0.0:8080", "PIX_WEB_WORKERS": "4"})
    assert conf["bind"] == "0.0.0.0:8080" and conf["workers"] == 4
    assert conf["child_exit"] is serving.child_exit and conf["preload_app"] is False
    assert serving.gunicorn_settings("profile", {})["workers"] == 1


def test_gunicorn_builds_no_access_line_of_its_own():
    from gunicorn.config import Config

    config = Config()
    for name, value in serving.gunicorn_settings("profile", {}).items():
        config.set(name, value)
    built = config.logger_class(config)  # the class gunicorn loads from the setting
    assert built.access_log_enabled is False
    assert built.access(None, None, {}, None) is None  # returns before reading the request or answer


def test_a_dead_worker_s_metrics_are_marked(monkeypatch, tmp_path):
    from prometheus_client import multiprocess

    marked = []
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setattr(multiprocess, "mark_process_dead", marked.append)
    serving.child_exit(None, type("Worker", (), {"pid": 4242})())
    assert marked == [4242]


def test_stale_metric_files_are_removed_at_start(monkeypatch, tmp_path):
    (tmp_path / "counter_1.db").write_bytes(b"old")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    serving.on_starting(None)
    assert list(tmp_path.iterdir()) == []


def test_a_log_line_is_one_json_object():
    record = logging.LogRecord("pix.test", logging.WARNING, __file__, 1, "hello %s", ("Élise",), None)
    record.fields = {"status": 503}
    line = json.loads(JsonFormatter("identity").format(record))
    assert line["message"] == "hello Élise" and line["service"] == "identity" and line["level"] == "WARNING"
    assert line["status"] == 503 and line["time"].endswith("Z")
    assert {"logger", "request_id", "correlation_id"} <= set(line)


def test_one_mongo_client_per_process_and_uri():
    settings = Settings(service="unit", mongo_uri="mongodb://127.0.0.1:1/")
    try:
        first = mongo.get_client(settings.mongo_uri)
        assert mongo.get_client(settings.mongo_uri) is first
        assert mongo.database(settings).name == "pix_unit"
        assert (os.getpid(), settings.mongo_uri) in mongo._clients
    finally:
        mongo.close_all()


def test_a_worker_serves_its_metrics_only_when_asked():
    import socket
    import urllib.request

    from pixkit.web.observability import serve_worker_metrics

    assert serve_worker_metrics({}) is None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert serve_worker_metrics({"PIX_METRICS_PORT": str(port)}) == port
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
        assert b"pix_events_published_total" in answer.read()
