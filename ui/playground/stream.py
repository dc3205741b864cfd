"""The live channel between a playing network on the server and its board in the page.

A press of Play does not go through a Streamlit rerun: the board in the page (ui/playground/live_board.js) sends the
command
over a WebSocket of its own, `/_nnlab/live/<token>`, served by the same server as the app (app.py mounts `ROUTES`).
The training thread (core.playground.play.Player) publishes a compact frame after every chunk of
training: the boundary as
one byte per cell and the numbers the board shows. This socket sends each page the newest frame as soon as it is
made, and passes the page's commands back. A frame never becomes a Streamlit element, so nothing else on the page
redraws while the network plays.

The token is a random name per playground session; a channel lives as long as the session (or a thread still
playing on it) holds it. No frame or command carries anything but numbers and a few fixed command names.
"""

import asyncio
import json
import secrets
import threading
import time
import weakref

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

COMMANDS = ("play", "pause", "step", "reset")
MAX_MESSAGE = 200   # characters: a command is a short JSON object

CHANNELS: "weakref.WeakValueDictionary[str, Channel]" = weakref.WeakValueDictionary()


class Channel:
    """Frames out, commands in, for one playground session. Thread-safe: the training thread publishes, the
    server's event loop reads, and a command is handed to `on_command` (set by the owner) on the event loop."""

    def __init__(self):
        self.token = secrets.token_urlsafe(16)
        self._lock = threading.Lock()
        self._frame: bytes | None = None
        self._seq = 0
        self._pages = 0
        self._left = time.monotonic()  # when the last page left (or the channel was made)
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self.on_command = None
        CHANNELS[self.token] = self

    def publish(self, frame: bytes) -> None:
        """The newest frame: every socket showing this channel is woken to send it."""
        with self._lock:
            self._frame, self._seq = frame, self._seq + 1
            waiters = list(self._waiters)
        for loop, event in waiters:
            loop.call_soon_threadsafe(event.set)

    def latest(self) -> tuple[int, bytes | None]:
        with self._lock:
            return self._seq, self._frame

    def join(self, waiter: tuple | None = None) -> None:
        with self._lock:
            self._pages += 1
            if waiter:
                self._waiters.add(waiter)

    def leave(self, waiter: tuple | None = None) -> None:
        with self._lock:
            self._pages -= 1
            self._left = time.monotonic()
            self._waiters.discard(waiter)

    def away_for(self) -> float:
        """Seconds since the last page showing this channel went away; 0 while one shows it."""
        with self._lock:
            return 0.0 if self._pages > 0 else time.monotonic() - self._left

    def command(self, name: str) -> None:
        if name in COMMANDS and self.on_command is not None:
            self.on_command(name)


async def _commands(ws: WebSocket, channel: Channel) -> None:
    try:
        while True:
            text = await ws.receive_text()
            if len(text) > MAX_MESSAGE:
                continue
            try:
                msg = json.loads(text)
            except ValueError:
                continue
            if isinstance(msg, dict) and isinstance(msg.get("cmd"), str):
                channel.command(msg["cmd"])
    except (WebSocketDisconnect, RuntimeError):
        return


async def live(ws: WebSocket) -> None:
    """One page's board: send it every new frame of its channel, and pass its commands on."""
    channel = CHANNELS.get(ws.path_params["token"])
    await ws.accept()
    if channel is None:  # a stale page (the server restarted, or the session ended): the board says so
        await ws.close(code=4404)
        return
    waiter = (asyncio.get_running_loop(), asyncio.Event())
    channel.join(waiter)
    reader = asyncio.create_task(_commands(ws, channel))
    sent = -1
    try:
        while not reader.done():
            waiter[1].clear()  # before looking: a frame published after this wakes the wait below
            seq, frame = channel.latest()
            if seq != sent and frame is not None:
                await ws.send_bytes(frame)
                sent = seq
                continue
            woken = asyncio.ensure_future(waiter[1].wait())  # sleep until the next frame (or a closed socket)
            await asyncio.wait([woken, reader], return_when=asyncio.FIRST_COMPLETED)
            woken.cancel()
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass
    finally:
        reader.cancel()
        channel.leave(waiter)


ROUTES = [WebSocketRoute("/_nnlab/live/{token}", live)]
