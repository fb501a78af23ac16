"""A recording notifier, for tests of whole processes only (tests/test_failover.py).

With PRIVACYLOKET_RECORD_PINGS=/path/pings.jsonl in the process environment, `python -m bot run` adds
this "platform" (`record`): every ping to a recipient `record:<name>` is appended to that file as
one JSON line (recipient, ref, ping, repeat, the clock's time, the process id) and counts as
delivered. Nothing leaves the machine. Never set it in a deployment: pings would go to a file.
"""
from __future__ import annotations

import json
import os

from bot.messages import Reply

PLATFORM = "record"
RECORD_PINGS = "PRIVACYLOKET_RECORD_PINGS"


class RecordingNotifier:
    """Both the adapter (start/stop, as bot.runner.serve expects) and its notifier."""

    platform = PLATFORM

    def __init__(self, path: str, clock):
        self.path, self.clock = path, clock
        self.notifier = self

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def deliver(self, recipient: str, reply: Reply) -> bool:
        line = json.dumps({"recipient": recipient, "ref": reply.meta.get("ref"), "ping": reply.meta.get("ping"),
                           "repeat": bool(reply.meta.get("repeat")), "at": self.clock().isoformat(),
                           "pid": os.getpid()}, ensure_ascii=False)
        # one write of one line in append mode: on the disk (the page cache) before the claim is marked sent,
        # so a kill -9 after it leaves the line; a kill before it leaves a claim to resend
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
        finally:
            os.close(fd)
        return True


def recording_from_environment(env, clock) -> RecordingNotifier | None:
    """The recording notifier when `env` (the process environment) sets PRIVACYLOKET_RECORD_PINGS (TEST ONLY)."""
    path = env.get(RECORD_PINGS)
    return RecordingNotifier(path, clock) if path else None
