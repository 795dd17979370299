"""Erasure (docs/architecture.md §5, issue 3): after DELETE /api/users/me no API and no read model
returns the person's names or email, and the latest value of their key on the compacted
`pix.identity.people` topic is a tombstone."""
from __future__ import annotations

import uuid

import requests
from pymongo import MongoClient

from ..integration.helpers import wait_for
from .people import new_person
from .topics import values_for_key

SERVICES = ("identity", "assessment", "profile", "sharing", "certification")


def latest_people_value(bootstrap: str, topic: str, key: str):
    values = values_for_key(bootstrap, topic, key)
    return bool(values), (values[-1] if values else None)


def documents_mentioning(mongo: MongoClient, prefix: str, needles: list[str]) -> list[str]:
    found = []
    for name in mongo.list_database_names():
        if not name.startswith(prefix):
            continue
        for collection in mongo[name].list_collection_names():
            for doc in mongo[name][collection].find({}):
                text = repr(doc)
                found += [f"{name}.{collection}" for needle in needles if needle in text]
    return found


def test_deleting_my_account_erases_my_names_and_email_everywhere(platform):
    base = platform.gateway_url
    person = new_person(base, f"Zoé{uuid.uuid4().hex[:6]}", f"Erasable{uuid.uuid4().hex[:6]}")
    email, user_id = person.email, person.id
    names = {"firstName": person.first_name, "lastName": person.last_name}
    auth = person.auth()
    settings = platform.settings("identity")
    people_topic = settings.topic("pix.identity.people")
    wait_for(lambda: latest_people_value(settings.kafka_bootstrap, people_topic, user_id)[0], timeout=30)
    # Sharing keeps a copy of the names (for shared snapshots): it must hold them now…
    sharing = platform.settings("sharing")
    copies = MongoClient(sharing.mongo_uri)
    wait_for(lambda: copies[sharing.db_name]["people"].find_one({"_id": user_id}), timeout=30)

    assert requests.delete(f"{base}/api/users/me", headers=auth, timeout=10).status_code == 204

    def tombstoned():
        seen, value = latest_people_value(settings.kafka_bootstrap, people_topic, user_id)
        return seen and value is None
    wait_for(tombstoned, timeout=30)
    assert person.log_in().status_code == 401
    wait_for(lambda: requests.get(f"{base}/api/profile/{user_id}", headers=auth, timeout=10).status_code in (401, 404),
             timeout=30)
    # …and lose them with the erasure.
    wait_for(lambda: copies[sharing.db_name]["people"].find_one({"_id": user_id}) is None, timeout=30)
    copies.close()
    mongo = MongoClient(settings.mongo_uri)
    needles = [email, names["firstName"], names["lastName"]]
    wait_for(lambda: documents_mentioning(mongo, settings.db_prefix, needles) == [], timeout=30)
    mongo.close()
