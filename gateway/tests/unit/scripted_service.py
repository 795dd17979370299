"""A service over a raw loopback socket that behaves as a test scripts it, connection by
connection: answer and keep the connection, answer and then close it (a restart between
two requests), read a request and close without answering (a crash mid-request), or say
nothing (a hang). It records every request it read, so a test can count what was sent."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"


def _read_request(conn: socket.socket) -> bytes | None:
    """One request (head and its Content-Length body), or None when the peer closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        body += conn.recv(65536)
    return head


class ScriptedService:
    """`behaviours`: one function per accepted connection, called with the connection and
    the service; later connections reuse the last one."""

    def __init__(self, behaviours: list[Callable[[socket.socket, ScriptedService], None]]) -> None:
        self.behaviours = behaviours
        self.requests: list[str] = []  # request lines, in order
        self.connections = 0
        self.closed = threading.Event()  # set each time the service has closed a connection
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return  # stopped
            behaviour = self.behaviours[min(self.connections, len(self.behaviours) - 1)]
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn, behaviour), daemon=True).start()

    def _serve(self, conn: socket.socket, behaviour) -> None:
        with conn:
            behaviour(conn, self)
        self.closed.set()

    def read(self, conn: socket.socket) -> bool:
        head = _read_request(conn)
        if head is not None:
            self.requests.append(head.split(b"\r\n", 1)[0].decode())
        return head is not None

    def stop(self) -> None:
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; the port closes
        self.listener.close()


def keeps_answering(conn: socket.socket, service: ScriptedService) -> None:
    while service.read(conn):
        conn.sendall(ANSWER)


def answers_once_then_closes(conn: socket.socket, service: ScriptedService) -> None:
    if service.read(conn):
        conn.sendall(ANSWER)


def reads_then_closes(conn: socket.socket, service: ScriptedService) -> None:
    service.read(conn)


def answers_too_late(conn: socket.socket, service: ScriptedService) -> None:
    if service.read(conn):
        time.sleep(1.0)
