"""Identity's adapters: account storage and password hashing."""
