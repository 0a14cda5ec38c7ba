"""Morpheme-aware selection for the article view, without ever blocking the UI on Kiwi.

Kiwi runs in a child process (morph_worker). When a document opens, its lines are sent there and the analyses
that come back are put into annotator.core.korean's line cache; from then on korean.snap_to_morphemes and
friends answer from the cache in this process. Until a line is cached, whitespace/particle heuristics answer.
"""

from __future__ import annotations

import atexit
import json
import os
import sys

from PySide6.QtCore import QCoreApplication, QObject, QProcess, Signal

from annotator.paths import SOURCE_ROOT

BATCH_LINES = 400
# Fallback when Kiwi is not ready: particles stripped from the end of a selection, longest first. Single
# syllables that often end nouns (이, 가, 도, 과, 와, 로, 나) are left alone.
PARTICLES = sorted(
    ("에서는", "으로는", "에게서", "에서", "으로", "에게", "께서", "부터", "까지", "처럼", "보다", "에는",
     "과의", "와의", "이다", "이며", "은", "는", "을", "를", "의", "에"),
    key=len, reverse=True,
)
_PUNCT_STRIP = " \t\n\"'“”‘’()[]{}<>《》「」『』.,;:!?·…-–—"


def _korean():
    from annotator.core import korean

    return korean


class MorphologyClient(QObject):
    """One child process for the whole application; `analysed` fires when new lines are cached."""

    analysed = Signal()
    ready_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process: QProcess | None = None
        self._buffer = b""
        self._pending: list[str] = []
        self._sent: set[str] = set()
        self.ready = False
        self.failed = False

    def start(self) -> None:
        if self._process is not None or self.failed:
            return
        proc = QProcess(self)
        env = proc.processEnvironment()
        if env.isEmpty():
            from PySide6.QtCore import QProcessEnvironment

            env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (str(SOURCE_ROOT), env.value("PYTHONPATH")) if p))
        env.insert("PYTHONIOENCODING", "utf-8")
        proc.setProcessEnvironment(env)
        proc.readyReadStandardOutput.connect(self._read)
        proc.errorOccurred.connect(self._on_error)
        proc.finished.connect(self._on_finished)
        self._process = proc
        proc.start(sys.executable, ["-m", "annotator.ui.morph_worker"])
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        atexit.register(self.stop)

    def stop(self) -> None:
        proc, self._process = self._process, None
        if proc is not None and proc.state() != QProcess.ProcessState.NotRunning:
            proc.closeWriteChannel()
            if not proc.waitForFinished(1000):
                proc.kill()
                proc.waitForFinished(1000)
        self.ready = False

    def request(self, text: str) -> None:
        """Queue the not yet analysed lines of text (a document that was just opened)."""
        korean = _korean()
        seen = set()
        for line in text.split("\n"):
            if line and not line.isspace() and line not in self._sent and line not in seen:
                if not korean.is_cached(line):
                    seen.add(line)
                    self._pending.append(line)
        self._flush()

    def covers(self, text: str, start: int, end: int) -> bool:
        """True when every line touching text[start:end] is analysed (snapping would not start Kiwi here)."""
        korean = _korean()
        line_start = text.rfind("\n", 0, max(0, start)) + 1
        while True:
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end < 0 else line_end
            line = text[line_start:line_end]
            if not korean.is_cached(line):
                return False
            if line_end >= end or line_end >= len(text):
                return True
            line_start = line_end + 1

    def _flush(self) -> None:
        proc = self._process
        if not self.ready or proc is None:
            return
        while self._pending:
            batch, self._pending = self._pending[:BATCH_LINES], self._pending[BATCH_LINES:]
            self._sent.update(batch)
            proc.write((json.dumps({"lines": batch}, ensure_ascii=False) + "\n").encode("utf-8"))

    def _read(self) -> None:
        proc = self._process
        if proc is None:
            return
        self._buffer += bytes(proc.readAllStandardOutput())
        *complete, self._buffer = self._buffer.split(b"\n")
        got = False
        for raw in complete:
            try:
                message = json.loads(raw)
            except ValueError:
                continue
            if message.get("ready"):
                self.ready = True
                self.ready_changed.emit(True)
                self._flush()
            for line, morphs, sentences in message.get("analyses", ()):
                self._store(line, morphs, sentences)
                got = True
        if got:
            self.analysed.emit()

    def _store(self, line: str, morphs, sentences) -> None:
        korean = _korean()
        analysis = korean.LineAnalysis(
            tuple(korean.Morph(s, e, tuple(tags)) for s, e, tags in morphs),
            tuple((s, e) for s, e in sentences),
        )
        korean.prime_cache(line, analysis)
        self._sent.discard(line)

    def _on_error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.failed = True

    def _on_finished(self, *_args) -> None:
        self.ready = False
        self._process = None
        self.ready_changed.emit(False)


_shared: MorphologyClient | None = None


def shared_client() -> MorphologyClient:
    """The application-wide client (started on first use)."""
    global _shared
    if _shared is None:
        _shared = MorphologyClient(QCoreApplication.instance())
    _shared.start()
    return _shared


# ---- selection helpers: Kiwi when the line is analysed, heuristics otherwise --------------------------
def _strip_particle(text: str, start: int, end: int) -> int:
    word_end = end >= len(text) or not text[end].isalnum()
    if not word_end:
        return end
    piece = text[start:end]
    for particle in PARTICLES:
        if piece.endswith(particle) and len(piece) - len(particle) >= 2:
            return end - len(particle)
    return end


def snap(text: str, start: int, end: int, *, ready: bool) -> tuple[int, int]:
    """Snap a mouse selection: "중기부는" -> "중기부"."""
    start, end = sorted((max(0, start), min(len(text), end)))
    if ready:
        return _korean().snap_to_morphemes(text, start, end)
    while start < end and text[start] in _PUNCT_STRIP:
        start += 1
    while end > start and text[end - 1] in _PUNCT_STRIP:
        end -= 1
    if start == end:
        return start, end
    return start, _strip_particle(text, start, end)


def noun_part(text: str, pos: int, *, ready: bool) -> tuple[int, int] | None:
    """The noun part of the word at pos, for double-click."""
    korean = _korean()
    if ready:
        return korean.noun_part_at(text, pos)
    word = korean.word_at(text, pos)
    if word is None:
        return None
    s, e = snap(text, word[0], word[1], ready=False)
    return (s, e) if s < e else None


def next_boundary(text: str, pos: int, forward: bool, *, ready: bool) -> int:
    """Next morpheme boundary (Shift+arrow); the next word edge when Kiwi is not ready."""
    if ready:
        return _korean().next_morpheme_boundary(text, pos, forward)
    n = len(text)
    step = 1 if forward else -1
    i = pos
    if forward:
        while i < n and not text[i].isalnum():
            i += 1
        while i < n and text[i].isalnum():
            i += 1
    else:
        while i > 0 and not text[i - 1].isalnum():
            i -= 1
        while i > 0 and text[i - 1].isalnum():
            i -= 1
    return i if i != pos else max(0, min(n, pos + step))
