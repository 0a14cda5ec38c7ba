"""The token cache's SQL: kept Kiwi analyses, one compact value per (tokenizer, document) (schema TOKEN_CACHE).

The values are opaque here (annotator.core.korean_codec makes and reads them; annotator.io.token_cache decides
what to keep). A cache never stands in the user's way: on a read-only or locked file, writes are skipped and
reported as not kept, and nothing else is affected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.clock import now
from annotator.store.errors import ProjectError

# Tokenizer versions kept per origin ('batch': exports and `annotator tokenize`; 'gui': the app's Kiwi worker,
# whose user words change as labels come): the least recently used beyond this are dropped with their values when
# another is registered, so labelling in the app never evicts the tokens an export keeps. Versions of another
# Kiwi, model or analysis code than the one registered are dropped too: this installation cannot use them.
KEEP_TOKENIZERS = 4
ORIGINS = ("batch", "gui")
_IDS_PER_QUERY = 500


class TokenCacheMixin:
    """Mixed into Project; relies on conn, read_only and transaction()."""

    tokens_not_kept = ""  # why the last keep_tokens could not write: the message of the file's error

    def tokenizer_id(self, key: str, *, version: str = "", origin: str = "batch",
                     create: bool = True) -> int | None:
        """The id of a tokenizer version (its KoreanAnalyser.tokenizer_key; version: the key's part without the
        user words); registered when create and new, dropping stale versions and the least recently used beyond
        KEEP_TOKENIZERS of its origin. None when unknown and not created (or the file cannot be written)."""
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {ORIGINS}, not {origin!r}")
        row = self.conn.execute("SELECT id FROM tokenizers WHERE key = ?", (key,)).fetchone()
        if row is not None or not create or self.read_only:
            return row[0] if row else None
        try:
            with self.transaction() as c:
                c.execute("DELETE FROM tokenizers WHERE version <> ?", (version,))
                c.execute("DELETE FROM tokenizers WHERE origin = ? AND id NOT IN (SELECT id FROM tokenizers"
                          " WHERE origin = ? ORDER BY used_at DESC, id DESC LIMIT ?)",
                          (origin, origin, KEEP_TOKENIZERS - 1))
                c.execute("INSERT INTO tokenizers(key, version, origin, used_at) VALUES (?, ?, ?, ?)",
                          (key, version, origin, now()))
                new_id = c.execute("SELECT id FROM tokenizers WHERE key = ?", (key,)).fetchone()[0]
        except ProjectError as exc:
            self.tokens_not_kept = str(exc)
            return None
        return new_id

    def touch_tokenizer(self, tokenizer_id: int) -> None:
        """Mark a tokenizer version as used now (it is then the last to be dropped)."""
        if self.read_only:
            return
        try:
            with self.transaction() as c:
                c.execute("UPDATE tokenizers SET used_at = ? WHERE id = ?", (now(), tokenizer_id))
        except ProjectError:
            pass

    def kept_tokens(self, tokenizer_id: int | None, doc_ids: Sequence[int]) -> dict[int, bytes]:
        """{doc id: stored value} for those of doc_ids with tokens kept under this tokenizer."""
        if tokenizer_id is None or not doc_ids:
            return {}
        found: dict[int, bytes] = {}
        ids = list(doc_ids)
        for i in range(0, len(ids), _IDS_PER_QUERY):
            part = ids[i:i + _IDS_PER_QUERY]
            marks = ",".join("?" * len(part))
            found.update(self.conn.execute(
                f"SELECT doc_id, data FROM doc_tokens WHERE tokenizer_id = ? AND doc_id IN ({marks})",
                (tokenizer_id, *part)).fetchall())
        return found

    def documents_with_tokens(self, tokenizer_id: int | None, doc_ids: Sequence[int]) -> set[int]:
        """Those of doc_ids with a value kept under this tokenizer (the values are not read)."""
        if tokenizer_id is None or not doc_ids:
            return set()
        found: set[int] = set()
        ids = list(doc_ids)
        for i in range(0, len(ids), _IDS_PER_QUERY):
            part = ids[i:i + _IDS_PER_QUERY]
            marks = ",".join("?" * len(part))
            found.update(r[0] for r in self.conn.execute(
                f"SELECT doc_id FROM doc_tokens WHERE tokenizer_id = ? AND doc_id IN ({marks})", (tokenizer_id, *part)))
        return found

    def keep_tokens(self, tokenizer_id: int | None, values: Iterable[tuple[int, bytes]]) -> bool:
        """Store (doc id, value) pairs in one transaction, replacing earlier values; False when they could not
        be kept (read-only or locked file, unknown tokenizer): the caller still has them."""
        rows = [(tokenizer_id, doc_id, bytes(data)) for doc_id, data in values]
        if not rows:
            return True
        if tokenizer_id is None or self.read_only:
            if self.read_only:
                self.tokens_not_kept = f"{self.path}: opened read-only"
            return False
        try:
            with self.transaction() as c:
                c.executemany("INSERT OR REPLACE INTO doc_tokens(tokenizer_id, doc_id, data) VALUES (?, ?, ?)", rows)
        except ProjectError as exc:  # locked, full disk, or (AnnotationError) the tokenizer dropped by another run
            self.tokens_not_kept = str(exc)
            return False
        return True

    def token_cache_stats(self) -> list[dict]:
        """Per tokenizer version: key, documents kept, bytes, last use; the most recently used first."""
        rows = self.conn.execute(
            "SELECT t.key, t.origin, COUNT(d.doc_id), COALESCE(SUM(length(d.data)), 0), t.used_at FROM tokenizers t"
            " LEFT JOIN doc_tokens d ON d.tokenizer_id = t.id GROUP BY t.id ORDER BY t.used_at DESC, t.id DESC"
        ).fetchall()
        return [{"tokenizer": k, "origin": o, "documents": n, "bytes": b, "used_at": u} for k, o, n, b, u in rows]

    def drop_token_cache(self) -> int:
        """Forget every kept token (all tokenizer versions); returns how many values were dropped."""
        with self.transaction() as c:
            count = c.execute("SELECT COUNT(*) FROM doc_tokens").fetchone()[0]
            c.execute("DELETE FROM tokenizers")
        return int(count)
