"""The benchmarks' scripted intake still files a report, so a benchmark cannot silently measure nothing."""
import asyncio

from benchmarks.common import INTAKE, FakeClock, Recorder, app_for
from bot.messages import Message, Person


def test_the_scripted_intake_of_the_benchmarks_files_a_report(tmp_path):
    clock = FakeClock()
    recorder = Recorder(clock)
    app = app_for(str(tmp_path / "bench.db"), clock, recorder)
    for text, action in INTAKE:
        asyncio.run(app.engine.handle(Message(Person("bench", "u1"), text=text, action=action)))
    assert app.store.db["incidents"].count == 1
    assert app.engine.load_dialogue("bench:u1") is None
    assert {recipient for _, _, recipient, _ in recorder.sent} == {"bench:ciso", "bench:fg"}
