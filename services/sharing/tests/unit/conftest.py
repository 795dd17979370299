"""Every unit test of sharing runs on a fake store that refuses any query not anchored on
`_id`: the local store would scan the collection (27 s among 100 000 documents), so this is
how the organization space proves that each of its queries stays a key lookup
(docs/adr/0011-sharing-read-models-by-id.md)."""
import pytest
from pixkit.testing import FakeDatabase


@pytest.fixture(autouse=True)
def only_id_lookups(monkeypatch):
    monkeypatch.setattr(FakeDatabase, "ONLY_ID_LOOKUPS", True)
