"""Sign-up rules of docs/domain.md §8, as pure functions."""
import pytest
from pix_identity.domain.registration import normalize_email, password_is_strong


@pytest.mark.parametrize("password", ["Secret123", "aB3aaaaa", "Éléphant9", "x" * 200 + "A1"])
def test_strong_passwords(password):
    assert password_is_strong(password)


@pytest.mark.parametrize("password", [
    "Sec123",        # too short
    "secret123",     # no uppercase
    "SECRET123",     # no lowercase
    "SecretSecret",  # no digit
    "",
])
def test_weak_passwords(password):
    assert not password_is_strong(password)


def test_emails_compare_without_case_or_surrounding_spaces():
    assert normalize_email("  Alice.Martin@Example.FR ") == normalize_email("alice.martin@example.fr")
