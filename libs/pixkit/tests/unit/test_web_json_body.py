"""create_base_app decodes every JSON body within limits, whatever the endpoint (issue 8)."""
import pytest
from flask import request
from flask_smorest import Blueprint
from marshmallow import fields
from pixkit.testing import unit_settings
from pixkit.web.app import api_of, create_base_app
from pixkit.web.schemas import Schema


class Rename(Schema):
    first_name = fields.String(data_key="firstName", required=True)


@pytest.fixture
def client():
    app = create_base_app(unit_settings("unit"), "unit", ready_checks={})
    blp = Blueprint("people", __name__)

    @blp.route("/people", methods=["POST", "PATCH"])
    @blp.arguments(Rename)
    def rename(payload):
        return payload

    @blp.route("/raw", methods=["POST", "DELETE"])
    def raw():  # decodes the body itself, or ignores it
        return {"got": request.get_json(silent=True)}

    api_of(app).register_blueprint(blp)
    return app.test_client()


MALFORMED = [("[" * 1000 + "]" * 1000, "JSON_TOO_DEEP", "32"),
             ('{"firstName": ' + "1" * 5000 + "}", "JSON_NUMBER_TOO_LARGE", "100"),
             ('{"firstName": "\\ud800"}', "JSON_INVALID_UNICODE", "\\ud800"),
             ('{"\\udfff": "x"}', "JSON_INVALID_UNICODE", "\\ud800"),
             (b'{"firstName": "\xed\xa0\x80"}', "INVALID_JSON", "JSON")]


@pytest.mark.parametrize(("body", "code", "hint"), MALFORMED)
@pytest.mark.parametrize(("method", "path"), [("POST", "/people"), ("PATCH", "/people"), ("POST", "/raw"),
                                              ("DELETE", "/raw")])
def test_a_malformed_body_is_a_400_with_its_code_on_every_endpoint(client, method, path, body, code, hint):
    answer = client.open(path, method=method, data=body, content_type="application/json",
                         headers={"Accept-Language": "en"})
    assert answer.status_code == 400
    assert answer.get_json()["code"] == code and hint in answer.get_json()["message"]


def test_the_message_is_french_by_default(client):
    answer = client.post("/people", data="[" * 40 + "]" * 40, content_type="application/json")
    assert answer.get_json()["message"] == "Le JSON envoyé est trop imbriqué (au plus 32 niveaux)."


def test_a_good_body_reaches_the_view_decoded_once(client):
    assert client.post("/people", json={"firstName": "Zoë 😀"}).get_json() == {"first_name": "Zoë 😀"}
    assert client.post("/raw", json=[{"a": 1}]).get_json() == {"got": [{"a": 1}]}
    assert client.post("/people").status_code == 422  # no body: the schema says what is missing


def test_control_characters_in_a_field_are_a_422_naming_it(client):
    answer = client.post("/people", json={"firstName": "Al\u202eice"}, headers={"Accept-Language": "en"})
    assert answer.status_code == 422
    (error,) = answer.get_json()["details"]["fields"]["firstName"]
    assert error["code"] == "CONTROL_CHARACTERS" and "control character" in error["message"]
