"""The broker probe of /ready against small TCP servers standing for brokers."""
import socket
import struct
import threading

import pytest
from pixkit.web.probes import API_VERSIONS_REQUEST, kafka_answers


def serve_once(reply):
    """A one-connection server; `reply(request_bytes)` gives the bytes to answer."""
    listener = socket.create_server(("127.0.0.1", 0))

    def run():
        conn, _ = listener.accept()
        with conn:
            data = conn.recv(1024)
            conn.sendall(reply(data))
        listener.close()

    threading.Thread(target=run, daemon=True).start()
    return f"127.0.0.1:{listener.getsockname()[1]}"


def broker_reply(request: bytes) -> bytes:
    correlation_id = struct.unpack(">i", request[8:12])[0]
    body = struct.pack(">ih", correlation_id, 0) + struct.pack(">i", 0)  # no error, no api keys
    return struct.pack(">i", len(body)) + body


def test_the_request_is_an_api_versions_v0_frame():
    size, api_key, version = struct.unpack(">ihh", API_VERSIONS_REQUEST[:8])
    assert (api_key, version) == (18, 0) and size == len(API_VERSIONS_REQUEST) - 4


def test_a_broker_that_answers_is_up():
    kafka_answers(serve_once(broker_reply), timeout=2)


def test_the_first_answering_server_is_enough():
    kafka_answers(f"127.0.0.1:9,{serve_once(broker_reply)}", timeout=2)


def test_a_closed_port_is_down():
    with pytest.raises(ConnectionError, match="127.0.0.1:9"):
        kafka_answers("127.0.0.1:9", timeout=1)


def test_something_else_than_kafka_is_down():
    with pytest.raises(ConnectionError):
        kafka_answers(serve_once(lambda _: struct.pack(">i", 4) + b"HTTP"), timeout=1)
