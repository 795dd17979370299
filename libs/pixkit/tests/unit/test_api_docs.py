"""api_docs: the errors of the plumbing land on exactly the operations that can answer them."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields
from pixkit.settings import Settings
from pixkit.web.api_docs import authenticated
from pixkit.web.app import api_of, create_base_app
from pixkit.web.schemas import ErrorSchema, Schema

things = Blueprint("things", __name__, url_prefix="/api/things")


class ThingSchema(Schema):
    name = fields.String(required=True)


@things.route("", methods=["GET"])
@things.response(200, ThingSchema(many=True))
def list_things():
    return []


@things.route("/<thing_id>", methods=["PUT"])
@authenticated
@things.arguments(ThingSchema)
@things.response(200, ThingSchema)
@things.alt_response(400, schema=ErrorSchema, description="THING_REFUSED")
def put_thing(payload, thing_id):
    return payload


def spec() -> dict:
    app = create_base_app(Settings(service="things", kafka_bootstrap="127.0.0.1:1",
                                   mongo_uri="mongodb://127.0.0.1:1", testing=True), "things", ready_checks={})
    api_of(app).register_blueprint(things)
    return app.test_client().get("/openapi.json").get_json()


def test_a_read_gets_the_errors_of_every_operation_and_no_default():
    responses = spec()["paths"]["/api/things"]["get"]["responses"]
    assert set(responses) == {"200", "413", "503"}
    assert responses["503"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_a_signed_in_write_with_a_path_parameter_gets_all_of_them():
    document = spec()
    operation = document["paths"]["/api/things/{thing_id}"]["put"]
    assert set(operation["responses"]) == {"200", "400", "401", "404", "413", "415", "422", "503"}
    assert operation["security"] == [{"bearerAuth": []}]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    # The route's own 400 keeps its code, completed with the plumbing's.
    assert operation["responses"]["400"]["description"].startswith("THING_REFUSED; INVALID_JSON")


def test_the_error_schema_says_every_error_body_has_its_three_keys():
    assert set(spec()["components"]["schemas"]["Error"]["required"]) == {"code", "message", "details"}
