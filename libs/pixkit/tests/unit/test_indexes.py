"""The production indexes are declared once, for every service, and created as declared."""
from pix_contracts.topics import SERVICES
from pixkit.indexes import INDEXES, create_indexes


class Recorder:
    def __init__(self):
        self.created = []

    def __getitem__(self, collection):
        recorder = self

        class Collection:
            def create_index(self, keys, name):
                recorder.created.append((collection, keys, name))

        return Collection()


def test_every_service_declares_its_indexes_and_each_says_why():
    assert set(INDEXES) == set(SERVICES)
    for indexes in INDEXES.values():
        assert all(index.why and index.keys for index in indexes)
        assert all(index.keys[0] != ("_id", 1) for index in indexes)  # _id is indexed already


def test_create_indexes_builds_the_declared_ones():
    db = Recorder()
    assert create_indexes("identity", db) == ["outbox.created_at_1__id_1", "people_outbox.created_at_1__id_1"]
    assert db.created == [("outbox", [("created_at", 1), ("_id", 1)], "created_at_1__id_1"),
                          ("people_outbox", [("created_at", 1), ("_id", 1)], "created_at_1__id_1")]


def test_sharing_needs_no_index_beyond_its_outbox():
    assert [index.collection for index in INDEXES["sharing"]] == ["outbox"]
