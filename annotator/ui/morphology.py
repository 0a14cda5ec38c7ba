"""Morpheme-aware selection for the article view, without ever blocking the UI on Kiwi.

Kiwi runs in a child process (morph_worker). When a document opens, its lines are sent there and the analyses
that come back are kept in this process by a KoreanAnalyser that never builds a Kiwi of its own; snapping and
friends answer from it. Until a line is analysed, whitespace/particle heuristics answer.

User words: the entity strings of the watched session's project, counted (how many entities have each
string). They are sent when the project is opened, and then as edits come (as deltas) in batches, at most
one every WORDS_DELAY_MS (each costs the worker ~1.3 s of Kiwi rebuild): a string whose first entity was just
labelled is added; one whose last entity was deleted or undone is removed. The worker keeps only clean entity
strings (no particle, no verb phrase: KoreanAnalyser). Each word set the worker has is a version with its own
analyser here, so analyses made with other words never mix; lookups keep the previous version until the open
document is analysed with the new one, so snapping never drops to heuristics meanwhile.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from collections import Counter

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QTimer, Signal

from annotator.store import ProjectError
from annotator.store.errors import DatabaseError

from annotator.paths import SOURCE_ROOT

BATCH_LINES = 400
WORDS_DELAY_MS = 3000  # newly labelled strings are batched for this long before Kiwi is rebuilt with them
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
        # User words. Lookups (covers, snapping) use the analyser of lookup_version (user_words); the worker
        # has (or is about to have) worker_words, of words_version.
        self.user_words: frozenset[str] = frozenset()
        self.lookup_version = 0
        self.worker_words: frozenset[str] = frozenset()
        self.words_version = 0
        self.words_applied = 0  # the latest version the worker reported as rebuilt
        self.worker_word_count = 0
        self._analysers = {0: _korean().KoreanAnalyser()}
        self._counts: Counter[str] = Counter()  # entity string -> how many entities of the project have it
        self._pending_words: set[str] = set()
        self._replace_words = False
        self._new_project = False
        self._session = None
        self._last_text = ""
        self._last_doc: int | None = None
        self._kept: set[tuple[str, int]] = set()  # (tokenizer key, doc id) already in the project file
        self._words_timer = QTimer(self)
        self._words_timer.setSingleShot(True)
        self._words_timer.setInterval(WORDS_DELAY_MS)
        self._words_timer.timeout.connect(self._send_words)

    @property
    def lookup(self):
        """The KoreanAnalyser holding the analyses lookups use (also the watched session's analyser)."""
        return self._analysers[self.lookup_version]

    def _publish_lookup(self) -> None:
        """The watched session snaps with the analyser of the words in effect."""
        if self._session is not None:
            try:
                self._session.analyser = self.lookup
            except RuntimeError:  # its window went away
                pass

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

    def request(self, text: str, doc_id: int | None = None) -> None:
        """Queue the not yet analysed lines of text (a document that was just opened). With doc_id, the lines
        whose tokens the watched project keeps (for the worker's words) are ready at once, with no Kiwi."""
        self._last_text, self._last_doc = text, doc_id
        analyser = self._analysers[self.words_version]
        if doc_id is not None:
            self._load_kept(doc_id, text, analyser)
        seen = set()
        for line in text.split("\n"):
            if line and not line.isspace() and line not in self._sent and line not in seen:
                if not analyser.is_cached(line):
                    seen.add(line)
                    self._pending.append(line)
        self._flush()

    # the project's token cache ---------------------------------------------------------------------
    def _words_key(self) -> str:
        """The tokenizer version of the worker's analyses. Its words came one batch at a time (Kiwi judged each
        batch knowing the earlier ones), so with words it is its own version, never mistaken for that of a
        fresh analyser with the same words (`export spacy --user-words`); without, it is the exports' one."""
        key = _korean().tokenizer_key(self.worker_words)
        return key + " via=app-worker" if self.worker_words else key

    def _token_cache(self, analyser):
        project = getattr(self._session, "project", None)
        if project is None:
            return None
        from annotator.io.token_cache import TokenCache

        return TokenCache(project, analyser, key=self._words_key(), origin="gui")

    def _load_kept(self, doc_id: int, text: str, analyser) -> None:
        cache = self._token_cache(analyser)
        if cache is None:
            return
        try:
            if cache.load_kept(doc_id, text):
                if all(analyser.is_cached(line) for line in text.split("\n")):
                    self._kept.add((cache.key, doc_id))
                self._maybe_switch_lookup()
                self.analysed.emit()
        except (ProjectError, DatabaseError):  # a closed or unreadable project: the worker answers instead
            pass

    def _keep_open_document(self) -> None:
        """Once the worker has analysed every line of the open document, keep its tokens in the project."""
        doc_id, analyser = self._last_doc, self._analysers.get(self.words_version)
        cache = self._token_cache(analyser) if doc_id is not None and analyser is not None else None
        if cache is None or (cache.key, doc_id) in self._kept:
            return
        if not all(analyser.is_cached(line) for line in self._last_text.split("\n")):
            return
        try:
            if cache.keep_cached(doc_id, self._last_text):
                self._kept.add((cache.key, doc_id))
        except (ProjectError, DatabaseError):
            pass

    def covers(self, text: str, start: int, end: int, *, analyser=None) -> bool:
        """True when every line touching text[start:end] is analysed in analyser (default: the lookups'), so
        snapping would not start Kiwi here."""
        analyser = analyser or self.lookup
        line_start = text.rfind("\n", 0, max(0, start)) + 1
        while True:
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end < 0 else line_end
            if not analyser.is_cached(text[line_start:line_end]):
                return False
            if line_end >= end or line_end >= len(text):
                return True
            line_start = line_end + 1

    # user words -------------------------------------------------------------------------------------
    def watch(self, session) -> None:
        """Use the entity strings of session's project as user words, now and as entities come and go;
        None stops following a session and drops the user words."""
        if session is self._session:
            return
        if self._session is not None:
            try:
                self._session.annotations_changed.disconnect(self._on_annotations_changed)
            except (RuntimeError, TypeError):  # already gone with its window
                pass
        self._session = session
        self._kept.clear()  # another project: its own document ids
        self._counts = Counter()
        if session is not None:
            session.analyser = self.lookup
            session.annotations_changed.connect(self._on_annotations_changed)
            self._counts = _word_counts(session.project.entity_string_counts())  # one SQL pass
        words = frozenset(self._counts)
        if words != self.worker_words or self._replace_words:
            self._pending_words = set(words)
            self._replace_words = self._new_project = True
            self._send_words()  # a project was opened: no reason to wait
        else:
            self._pending_words.clear()

    def add_user_words(self, words) -> None:
        """Queue strings as user words; they reach the worker within WORDS_DELAY_MS, batched."""
        fresh = _korean().user_word_set(words) - self.worker_words
        if fresh - self._pending_words:
            self._pending_words |= fresh
            self._start_timer()

    def _on_annotations_changed(self, doc_id: int, delta=None) -> None:
        """Count the edit's entity strings in and out: a new string is queued, a vanished one removed."""
        session = self._session
        if delta is None or session is None or not (delta.added_spans or delta.removed_spans):
            return
        try:
            text = session.state.text if session.state.doc_id == doc_id else session.project.document(doc_id).text
        except (ProjectError, DatabaseError):  # the project was closed meanwhile: nothing more to learn from it
            return
        norm = _korean().user_word_set
        change: Counter[str] = Counter()  # net, so a relabel (removed and added again) changes nothing
        for span in delta.removed_spans:
            change.subtract(norm([text[span.start:span.end]]))
        for span in delta.added_spans:
            change.update(norm([text[span.start:span.end]]))
        for word, n in change.items():
            if n == 0:
                continue
            self._counts[word] += n
            if self._counts[word] <= 0:
                del self._counts[word]
                self._pending_words.discard(word)
                if word in self.worker_words:
                    self._replace_words = True  # Kiwi cannot forget a word: the worker rebuilds without it
            elif n > 0 and word not in self.worker_words:
                self._pending_words.add(word)
        if self._pending_words or self._replace_words:
            self._start_timer()

    def _start_timer(self) -> None:
        if not self._words_timer.isActive():
            self._words_timer.start()

    def _send_words(self) -> None:
        self._words_timer.stop()
        proc = self._process
        if self._replace_words and self._session is not None:
            self._pending_words = set(self._counts)  # the counts are the truth; the worker sets exactly these
        if not (self._pending_words or self._replace_words) or not self.ready or proc is None:
            return  # sent once the worker is ready
        words, replace = sorted(self._pending_words), self._replace_words
        self._pending_words, self._replace_words = set(), False
        if not replace and not set(words) - self.worker_words:
            return
        self.worker_words = frozenset(words) if replace else self.worker_words | frozenset(words)
        self.words_version += 1
        self._analysers[self.words_version] = _korean().KoreanAnalyser()
        if replace and self._new_project:  # another project: its predecessor's words must not shape snapping
            self.user_words, self.lookup_version = self.worker_words, self.words_version
            self._new_project = False
            self._publish_lookup()
        self._drop_old_analysers()
        message = {"user_words": words, "replace": replace, "version": self.words_version}
        proc.write((json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8"))
        # The open document is analysed again with the new words (queued behind them in the worker).
        self._sent.clear()
        self._pending.clear()
        if self._last_text:
            self.request(self._last_text, self._last_doc)

    def _drop_old_analysers(self) -> None:
        for version in [v for v in self._analysers if v not in (self.lookup_version, self.words_version)]:
            del self._analysers[version]

    def _maybe_switch_lookup(self) -> None:
        """Let lookups use the latest words once every line of the open document is analysed with them."""
        if self.lookup_version == self.words_version:
            return
        analyser = self._analysers[self.words_version]
        if not all(analyser.is_cached(line) for line in self._last_text.split("\n")):
            return
        self.user_words, self.lookup_version = self.worker_words, self.words_version
        self._drop_old_analysers()
        self._publish_lookup()

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
        self._handle(bytes(proc.readAllStandardOutput()))

    def _handle(self, data: bytes) -> None:
        """Act on the complete lines the worker wrote (see morph_worker for the protocol)."""
        self._buffer += data
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
                self._send_words()
                self._flush()
            if "user_words" in message:
                self.words_applied = int(message.get("version", 0))
                self.worker_word_count = int(message.get("user_words", 0))  # the clean ones it kept
            analyser = self._analysers.get(message.get("version", 0))  # None: superseded words
            for line, morphs, sentences in message.get("analyses", ()):
                if analyser is not None:
                    self._store(line, morphs, sentences, analyser)
                    got = True
                self._sent.discard(line)
        if got:
            self._maybe_switch_lookup()
            self._keep_open_document()
            self.analysed.emit()

    def _store(self, line: str, morphs, sentences, analyser) -> None:
        korean = _korean()
        analyser.prime_cache(line, korean.LineAnalysis(
            tuple(korean.Morph(s, e, tuple(tags)) for s, e, tags in morphs),
            tuple((s, e) for s, e in sentences),
        ))

    def _on_error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.failed = True

    def _on_finished(self, *_args) -> None:
        self.ready = False
        self._process = None
        # A new worker starts without user words: give it the whole set again once it is ready.
        self._pending_words |= self.worker_words
        self._replace_words = True
        self.ready_changed.emit(False)


_shared: MorphologyClient | None = None


def shared_client(session=None) -> MorphologyClient:
    """The application-wide client (started on first use); with a session, its project's entity strings
    become user words (MorphologyClient.watch)."""
    global _shared
    if _shared is None:
        _shared = MorphologyClient(QCoreApplication.instance())
    _shared.start()
    if session is not None:
        _shared.watch(session)
    return _shared


def _word_counts(strings: Counter) -> Counter:
    """Entity string counts keyed as Kiwi user words (whitespace collapsed, two characters or more)."""
    counts: Counter[str] = Counter()
    norm = _korean().user_word_set
    for text, n in strings.items():
        for word in norm([text]):
            counts[word] += n
    return counts


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


def snap(text: str, start: int, end: int, *, ready: bool, analyser=None) -> tuple[int, int]:
    """Snap a mouse selection: "중기부는" -> "중기부". ready: analyser (the session's) holds these lines."""
    start, end = sorted((max(0, start), min(len(text), end)))
    if ready:
        return _korean().snap_to_morphemes(text, start, end, analyser=analyser)
    while start < end and text[start] in _PUNCT_STRIP:
        start += 1
    while end > start and text[end - 1] in _PUNCT_STRIP:
        end -= 1
    if start == end:
        return start, end
    return start, _strip_particle(text, start, end)


def noun_part(text: str, pos: int, *, ready: bool, analyser=None) -> tuple[int, int] | None:
    """The noun part of the word at pos, for double-click."""
    korean = _korean()
    if ready:
        return korean.noun_part_at(text, pos, analyser=analyser)
    word = korean.word_at(text, pos)
    if word is None:
        return None
    s, e = snap(text, word[0], word[1], ready=False)
    return (s, e) if s < e else None


def next_boundary(text: str, pos: int, forward: bool, *, ready: bool, analyser=None) -> int:
    """Next morpheme boundary (Shift+arrow); the next word edge when Kiwi is not ready."""
    if ready:
        return _korean().next_morpheme_boundary(text, pos, forward, analyser=analyser)
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
