"""Idle WebSocket clients for the load test: open N notification sockets and hold them.

    .venv/bin/python bench/load/idle_sockets.py --url ws://127.0.0.1:8000/ws/notifications/ \\
        --cookie 'sessionid=...' -n 300 --seconds 90

Each socket is a signed-in seafarer's open app (the server keeps a Channels consumer and a Redis
channel-layer subscription per socket). Opened gently (``--per-second``), held without
traffic (the server's and the library's pings only), closed after ``--seconds`` or on
SIGTERM. Prints one JSON line:
sockets opened, refused or failed, and dropped by the server before the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import urllib.parse

import websockets


async def hold(url: str, cookie: str, stop: asyncio.Event, counts: dict[str, int]) -> None:
    origin = "http://" + urllib.parse.urlsplit(url).netloc
    try:
        async with websockets.connect(
            url, additional_headers={"Cookie": cookie}, origin=origin, open_timeout=30
        ) as socket:
            counts["opened"] += 1
            while not stop.is_set():
                receive = asyncio.ensure_future(socket.recv())
                stopped = asyncio.ensure_future(stop.wait())
                done, _ = await asyncio.wait(
                    {receive, stopped}, return_when=asyncio.FIRST_COMPLETED
                )
                if receive in done:
                    stopped.cancel()
                    receive.result()  # raises ConnectionClosed when the server closed it
                else:
                    receive.cancel()
            counts["held"] += 1
    except websockets.exceptions.InvalidStatus as refused:
        counts["refused"] += 1
        status = f"refused_{refused.response.status_code}"
        counts[status] = counts.get(status, 0) + 1
    except websockets.exceptions.ConnectionClosed:
        counts["dropped"] += 1
    except (OSError, TimeoutError):
        counts["failed"] += 1


async def main(url: str, cookie: str, n: int, seconds: float, per_second: float) -> None:
    counts = {"opened": 0, "held": 0, "refused": 0, "dropped": 0, "failed": 0}
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    # Held until --seconds have passed or SIGTERM (load_test.py stops it after its runs).
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.call_later(seconds, stop.set)
    tasks = []
    for _ in range(n):
        if stop.is_set():
            break
        tasks.append(asyncio.create_task(hold(url, cookie, stop, counts)))
        await asyncio.sleep(1 / per_second)
    await asyncio.gather(*tasks)
    print(json.dumps({"sockets": n, **counts}), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--cookie", required=True)
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--per-second", type=float, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.url, args.cookie, args.n, args.seconds, args.per_second))
