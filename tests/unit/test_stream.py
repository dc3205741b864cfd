"""ui.playground.stream's socket, served by uvicorn on a free local port: commands reach the channel before any frame
exists,
every frame published reaches the page in order, a page's arrival and departure are counted, and an unknown
token is refused."""

import asyncio
import json
import socket
import threading
import time

import pytest
import uvicorn
import websockets
from starlette.applications import Starlette

from ui.playground import stream


def run(coroutine_function):
    """asyncio.run in a thread of its own: another test in this process may have left an event loop running."""
    out = []

    def main():
        try:
            out.append(("ok", asyncio.run(coroutine_function())))
        except BaseException as e:  # handed to the test's thread below
            out.append(("error", e))

    thread = threading.Thread(target=main)
    thread.start()
    thread.join(30)
    assert out, "the page's coroutine did not finish"
    kind, value = out[0]
    if kind == "error":
        raise value
    return value


@pytest.fixture(scope="module")
def base():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=stream.ROUTES), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.01)  # polling the server's start, not synchronising a test
    yield f"ws://127.0.0.1:{port}/_nnlab/live/"
    server.should_exit = True
    thread.join(5)


def test_commands_and_frames(base):
    channel, got = stream.Channel(), []
    channel.on_command = got.append
    assert channel.away_for() >= 0

    async def page():
        async with websockets.connect(base + channel.token) as ws:
            await ws.send(json.dumps({"cmd": "play"}))
            await ws.send("not json")
            await ws.send(json.dumps({"cmd": "rm -rf"}))
            await ws.send(json.dumps({"cmd": "pause"}))
            for _ in range(100):  # the commands arrive though no frame was ever published
                if len(got) == 2:
                    break
                await asyncio.sleep(0.01)
            assert channel.away_for() == 0  # a page shows it

            def publish():
                for i in range(20):
                    channel.publish(bytes([i]))
                    time.sleep(0.01)
            threading.Thread(target=publish).start()
            seen = []
            while len(seen) < 20 and (not seen or seen[-1] != 19):
                seen.append((await asyncio.wait_for(ws.recv(), 5))[0])
            return seen

    seen = run(page)
    assert got == ["play", "pause"]
    assert seen == sorted(seen) and seen[-1] == 19  # in order, and the newest always arrives
    deadline = time.monotonic() + 5
    while channel.away_for() == 0:  # the page left: counted
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_an_unknown_token_is_refused(base):
    async def page():
        async with websockets.connect(base + "no-such-token") as ws:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 5)
            return closed.value.rcvd.code

    assert run(page) == 4404
