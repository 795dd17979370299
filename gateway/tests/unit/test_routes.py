import pytest
from pix_gateway.routes import ROUTES, SERVICES, service_for


@pytest.mark.parametrize(("path", "service"), [
    ("/api/users", "identity"),
    ("/api/users/42", "identity"),
    ("/api/token", "identity"),
    ("/api/.well-known/jwks.json", "identity"),
    ("/api/profile/abc", "profile"),
    ("/api/assessments/1/answers", "assessment"),
    ("/api/framework", "assessment"),
    ("/api/assessments/a1/challenges/c1/attachments/ods", "assessment"),
    ("/api/organizations/3", "sharing"),
    ("/api/campaigns", "sharing"),
    ("/api/shares/preview", "sharing"),
    ("/api/certification/sessions", "certification"),
    ("/api/usersfoo", None),
    ("/api/unknown", None),
    ("/health", None),
])
def test_each_path_goes_to_its_owner(path, service):
    assert service_for(path) == service


def test_every_service_has_a_route():
    assert set(SERVICES) == {"identity", "assessment", "profile", "sharing", "certification"}
    assert len({prefix for prefix, _ in ROUTES}) == len(ROUTES)
