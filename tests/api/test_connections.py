"""Over a real HTTP server: what a client's keep-alive connection sees after an error."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import h11
import pytest
import uvicorn
from fastapi import FastAPI

from tests.builders import activity_body
from tests.support import API, World


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[int]:
    """The app behind uvicorn on a free local port, in this test's own event loop."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    # Listening before the server starts: a client that connects early waits in the backlog.
    sock.listen()
    port: int = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="critical"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield port
    finally:
        server.should_exit = True
        await task
        sock.close()


class Connection:
    """One HTTP/1.1 connection, kept alive between requests like a browser's."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.h11 = h11.Connection(h11.CLIENT)

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        if self.h11.our_state is h11.DONE:
            self.h11.start_next_cycle()
        sent = {"host": "127.0.0.1", "content-length": str(len(body)), **headers}.items()
        request = h11.Request(method=method, target=path, headers=list(sent))
        self.writer.write(self.h11.send(request) or b"")
        self.writer.write(self.h11.send(h11.Data(data=body)) or b"")
        self.writer.write(self.h11.send(h11.EndOfMessage()) or b"")
        await self.writer.drain()
        status, answer, received = 0, {}, b""
        while True:
            event = self.h11.next_event()
            if event is h11.NEED_DATA:
                # An empty read is the server closing the connection under the client.
                self.h11.receive_data(await self.reader.read(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
                answer = {k.decode(): v.decode() for k, v in event.headers}
            elif isinstance(event, h11.Data):
                received += event.data
            elif isinstance(event, h11.EndOfMessage):
                return status, answer, received


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_the_connection_still_serves_after_an_unexpected_error(
    world: World, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    from services.core.activities import service

    async def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(service, "list_activities", explode)
    monkeypatch.setattr(service, "create", explode)
    person = world.people["coord"]
    headers = {
        "cookie": f"{world.app.state.settings.session_cookie_name}={person.token}",
        "x-csrf-token": person.csrf,
        "content-type": "application/json",
    }
    url = f"{API}/networks/{world.networks['A'].id}/activities"
    body = json.dumps(activity_body()).encode() if method == "POST" else b""
    async with serving(world.app) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        connection = Connection(reader, writer)
        try:
            status, first, answer = await connection.request(method, url, headers, body)
            assert status == 500
            assert json.loads(answer)["status"] == 500
            assert first.get("connection", "").lower() != "close"
            # The same connection, not a new one: the client must not see it reset.
            status, _, answer = await connection.request("GET", "/healthz", {})
            assert (status, json.loads(answer)) == (200, {"status": "ok"})
        finally:
            writer.close()
