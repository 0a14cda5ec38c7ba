"""`annotator bench --only ui` timed by the main thread's CPU clock instead of the wall clock, for a loaded machine.

The editor's and the window's work (commit, re-highlight, layout, repaint offscreen) runs on the main thread, so
time.thread_time() counts what the figures time without the waits that other processes add to a wall clock (it
still rises somewhat under load: shared caches and cores). To compare code versions, run each from its own folder
(`git archive REV | tar -x -C DIR`) interleaved in the same minutes:

    QT_QPA_PLATFORM=offscreen PYTHONPATH=DIR .venv/bin/python scripts/ui_bench_cpu.py

Prints the same JSON keys as the bench (milliseconds of CPU) and the folder of the code it ran.
"""

import json
import os
import time
import types

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import annotator.bench.ui as ui  # noqa: E402
import annotator.bench.window as window  # noqa: E402

clock = types.SimpleNamespace(**{k: getattr(time, k) for k in dir(time) if not k.startswith("__")})
clock.perf_counter = time.thread_time
ui.time = clock
window.time = clock

if __name__ == "__main__":
    figures = ui.run(scale=0)
    figures["code"] = os.path.dirname(os.path.dirname(ui.__file__))
    print(json.dumps(figures))
