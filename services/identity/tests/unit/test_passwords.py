from pix_identity.adapters.passwords import hash_password, verify_password


def test_a_hash_verifies_its_password_only():
    stored = hash_password("Secret123")
    assert stored.startswith("scrypt$") and "Secret123" not in stored
    assert verify_password("Secret123", stored)
    assert not verify_password("Secret124", stored)


def test_two_hashes_of_one_password_differ():
    assert hash_password("Secret123") != hash_password("Secret123")


def test_a_malformed_hash_never_verifies():
    assert not verify_password("Secret123", "not-a-hash")
