"""A local stack never borrows another's store or broker: with its port held by a process it
did not start (another clone's stack, another PIX_TEST_SLOT), starting it is refused, where its
readiness check would otherwise have answered from the other stack's store."""
import socket

import pytest
from pixlocal import infra, procs
from pixlocal.config import StackConfig


@pytest.fixture
def held_port():
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    yield holder.getsockname()[1]
    holder.close()


def test_a_store_port_held_by_another_process_is_refused(tmp_path, held_port, monkeypatch):
    monkeypatch.setattr(procs, "PORT_WAIT_S", 0.5)
    cfg = StackConfig(var_dir=tmp_path, mongo_port=held_port)
    with pytest.raises(procs.PortTaken, match=str(held_port)):
        infra.start_store(cfg)
    assert procs.read_pid(cfg.run_dir(), "store") is None  # nothing started, nothing to stop


def test_a_free_port_is_not_taken(held_port):
    assert procs.port_taken(held_port)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert not procs.port_taken(free)
