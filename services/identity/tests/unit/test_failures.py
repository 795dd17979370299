"""Failures that are not the caller's fault: a generic 500, a 409 on a lost race."""
from pix_identity.bootstrap import bootstrap
from pix_identity.entrypoints.http import create_app
from pixkit.store import ConcurrencyError
from pixkit.testing import FakeDatabase, unit_settings

from .conftest import UNIT_ENV, Clock, sign_up_body


def app_with_hash(hash_password):
    settings = unit_settings("identity")
    return create_app(settings, bootstrap(settings, FakeDatabase(), hash_password=hash_password,
                                                   clock=Clock(), env=UNIT_ENV),
                      ready_checks={}).test_client()


def test_a_bug_answers_a_generic_500_and_logs_the_traceback(caplog):
    def broken(_):
        raise RuntimeError("internal detail that must not leak")

    answer = app_with_hash(broken).post("/api/users", json=sign_up_body())
    assert answer.status_code == 500
    assert answer.get_json() == {"code": "INTERNAL_ERROR", "message": "Une erreur inattendue est survenue.",
                                 "details": {}}
    assert "internal detail" not in answer.get_data(as_text=True)
    assert any(r.exc_info and "internal detail" in str(r.exc_info[1]) for r in caplog.records)


def test_a_lost_race_on_the_event_store_is_a_409():
    def racing(_):
        raise ConcurrencyError("user-x:000000001 already exists")

    answer = app_with_hash(racing).post("/api/users", json=sign_up_body())
    assert answer.status_code == 409 and answer.get_json()["code"] == "CONCURRENT_UPDATE"
