"""The error table and the JSON error body of create_base_app."""
from flask_smorest import Blueprint
from marshmallow import fields
from pixkit.errors import DomainError, Forbidden
from pixkit.store import ConcurrencyError
from pixkit.testing import unit_settings
from pixkit.web.app import api_of, create_base_app
from pixkit.web.errors import classify
from pixkit.web.schemas import Schema
from pymongo.errors import ServerSelectionTimeoutError


class SeatsFull(DomainError):
    code = "SEATS_FULL"


class NotInTheTable(DomainError):
    code = "NOT_IN_THE_TABLE"


TABLE = {SeatsFull: 409}


class Item(Schema):
    count = fields.Integer(required=True)
    tags = fields.List(fields.String())


class Order(Schema):
    item = fields.Nested(Item, required=True)


def app_raising(exc):
    app = create_base_app(unit_settings("unit"), "unit", ready_checks={}, errors=TABLE,
                          messages={"SEATS_FULL": {"fr": "Plus que {left} places.", "en": "Only {left} seats left."}})
    app.add_url_rule("/boom", "boom", lambda: (_ for _ in ()).throw(exc))
    blp = Blueprint("orders", __name__)

    @blp.route("/orders", methods=["POST"])
    @blp.arguments(Order)
    def order(payload):
        return payload

    api_of(app).register_blueprint(blp)
    return app.test_client()


def test_classify_uses_the_shared_rows_then_the_service_table():
    assert classify(ConcurrencyError()) == (409, "CONCURRENT_UPDATE")
    assert classify(SeatsFull(), TABLE) == (409, "SEATS_FULL")  # a status row: the code is the error's
    assert classify(Forbidden()) == (403, "FORBIDDEN")
    # A domain error a table forgot is still a refusal, never a 500.
    assert classify(NotInTheTable()) == (400, "NOT_IN_THE_TABLE")
    assert classify(ServerSelectionTimeoutError("x")) == (503, "SERVICE_UNAVAILABLE")
    assert classify(KeyError("bug")) is None
    assert classify(SeatsFull(), {SeatsFull: (410, "GONE")}) == (410, "GONE")


def test_a_domain_error_carries_its_params_and_details():
    answer = app_raising(SeatsFull(details={"session": 3}, left=2)).get("/boom", headers={"Accept-Language": "en"})
    assert answer.status_code == 409
    assert answer.get_json() == {"code": "SEATS_FULL", "message": "Only 2 seats left.", "details": {"session": 3}}


def test_the_store_being_away_is_a_503_not_a_bug():
    answer = app_raising(ServerSelectionTimeoutError("no server")).get("/boom")
    assert answer.status_code == 503 and answer.get_json()["code"] == "SERVICE_UNAVAILABLE"


def test_a_bug_is_a_generic_500():
    answer = app_raising(ZeroDivisionError("secret")).get("/boom")
    assert answer.status_code == 500 and "secret" not in answer.get_data(as_text=True)


def test_nested_and_list_errors_get_dotted_paths_and_codes():
    client = app_raising(KeyError())
    answer = client.post("/orders", json={"item": {"count": "many", "tags": ["ok", 3]}, "extra": 1})
    fields_ = answer.get_json()["details"]["fields"]
    assert fields_["item.count"] == [{"code": "INTEGER_INVALID", "message": "Un nombre entier est attendu."}]
    assert fields_["item.tags.1"][0]["code"] == "STRING_INVALID"
    assert fields_["extra"][0]["code"] == "UNKNOWN_FIELD"
