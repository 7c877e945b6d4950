"""A loopback TCP proxy that a test can cut and restore, like a network outage."""

from __future__ import annotations

import asyncio


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to ``target``. ``cut()`` drops every connection and
    refuses new ones; ``restore()`` listens again on the same port. With ``cut_on``,
    the proxy cuts itself the moment a client sends bytes containing that marker."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.cut_on: bytes | None = None
        self.cut_happened = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> CuttableProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        self.cut_happened.set()

    async def restore(self) -> None:
        self.cut_on = None
        self.cut_happened.clear()
        await self.start()

    async def close(self) -> None:
        await self.cut()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers |= {client_writer, server_writer}
        await asyncio.gather(self._pipe(client_reader, server_writer, watch=True),
                             self._pipe(server_reader, client_writer, watch=False), return_exceptions=True)
        self._writers -= {client_writer, server_writer}

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, watch: bool) -> None:
        try:
            while data := await reader.read(65536):
                if watch and self.cut_on is not None and self.cut_on in data:
                    await self.cut()
                    return
                writer.write(data)
                await writer.drain()
        finally:
            writer.transport.abort()
