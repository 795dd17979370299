"""Identity's queries. None yet: reading one's account (GET /api/users/<id>) comes with
authentication, since only its owner may read it."""
