#!/usr/bin/env python3
"""Holds N webhook bodies open against a running hub and reports its memory.

Each connection declares a body of 3 MiB - 1 KiB, sends 1 KiB of it and then
waits, as the outside security run did (issue 11.1). Prints the hub's resident
memory before, while the connections wait, and after; and how each connection
was answered (503 busy at once, 408 after the body deadline, or still open).

    scripts/slow-bodies.py --hub 127.0.0.1:8787 --pid PID [--connections 200]
"""
import argparse
import socket
import time


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--hub", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--connections", type=int, default=200)
    p.add_argument("--hold", type=float, default=5.0, help="seconds to keep the connections waiting")
    a = p.parse_args()
    host, port = a.hub.rsplit(":", 1)
    declared = 3 * 1024 * 1024 - 1024
    head = (
        f"POST /webhooks/whatsapp HTTP/1.1\r\nHost: hub\r\ncontent-type: application/json\r\n"
        f"content-length: {declared}\r\n\r\n"
    ).encode()
    before = rss_mib(a.pid)
    socks = []
    for _ in range(a.connections):
        s = socket.create_connection((host, int(port)))
        s.sendall(head + b" " * 1024)
        s.setblocking(False)
        socks.append(s)
    end = time.monotonic() + a.hold
    peak = before
    answers = {}
    while time.monotonic() < end:
        peak = max(peak, rss_mib(a.pid))
        time.sleep(0.1)
    for s in socks:
        try:
            data = s.recv(64)
            code = data.split(b" ")[1].decode() if data else "closed"
        except BlockingIOError:
            code = "waiting"
        except OSError:
            code = "reset"
        answers[code] = answers.get(code, 0) + 1
        s.close()
    print(f"connections={a.connections} rss_before_mib={before:.0f} rss_peak_mib={peak:.0f} "
          f"rss_after_mib={rss_mib(a.pid):.0f} answers={answers}")


if __name__ == "__main__":
    main()
