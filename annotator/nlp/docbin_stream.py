"""A spaCy DocBin that keeps each document's token array compressed and writes the file as a stream.

DocBin.to_bytes stacks every document's token array (about 64 KB for a 3 KB Korean page), copies it to bytes,
packs it with msgpack and compresses the whole: four copies of all token arrays at once, 2.9 GB for 10,000
pages. This one compresses each array when the document is added and, on to_disk, writes the same msgpack map
through one zlib stream, a document's array at a time. The file is the one DocBin.to_disk writes, byte for byte
(same keys in the same order, same compression level), so spaCy and DocBin.from_disk read it unchanged.

add_tokens() takes a document as tokens, entities and span groups and writes the row DocBin.add would write
for the Doc made of them, without making the Doc: the token array's columns are the lexemes' string hashes
(looked up once per distinct token text) and the entity codes, numpy-filled. spaCy Docs cost ~2 ms for a 3 KB
page, most of a 10,000-page export.
"""

from __future__ import annotations

import struct
import zlib
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy
import srsly
from spacy.attrs import ENT_IOB, ENT_TYPE, NORM, ORTH, SENT_START
from spacy.tokens import DocBin

# spaCy's ENT_IOB codes
_IOB_BEGIN, _IOB_INSIDE, _IOB_OUTSIDE = 3, 1, 2
_EMPTY_SPAN_GROUPS = srsly.msgpack_dumps([])  # SpanGroups.to_bytes() of a Doc without span groups
# add_tokens fills ORTH, NORM, ENT_IOB, ENT_TYPE and SENT_START of DocBin's default attributes; the others
# (tags, heads, lemmas...) are 0 in a Doc made from words.
_DEFAULT_ATTRS = tuple(DocBin().attrs)
_COLUMN = {attr: i for i, attr in enumerate(_DEFAULT_ATTRS)}


class _Rows(NamedTuple):
    """A document added by add_tokens: its tokens as lexeme numbers (4 bytes a token instead of the array's 104)
    and its entities; the token array is made from them as the file is written."""

    lexemes: numpy.ndarray  # int32 index into the bin's lexeme table, per token
    ents: tuple  # (first token, end token, label hash) per entity


class StreamingDocBin(DocBin):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # add_tokens' lexeme table: token text -> number, and each number's ORTH and NORM hashes
        self._lexeme_no: dict[str, int] = {}
        self._orth: list[int] = []
        self._norm: list[int] = []
        # srsly.msgpack_dumps builds a Packer per call, which scans the installed packages' entry points for
        # encoders (about a millisecond): one Packer, made as it does, serves this bin's documents (one per bin:
        # a Packer is not thread-safe).
        self._dumps = srsly.msgpack.Packer(use_bin_type=True).pack

    def __getstate__(self) -> dict:
        """What a bin holds, for pickling (a forked export process sends its bins): all but the Packer."""
        return {name: value for name, value in self.__dict__.items() if name != "_dumps"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._dumps = srsly.msgpack.Packer(use_bin_type=True).pack

    def merge(self, other: "StreamingDocBin") -> None:
        """DocBin.merge: other's documents after this bin's, as if added to this one in their order (the other
        half of an export, made by another process); other's lexeme numbers are renumbered into this bin's."""
        numbers = self._lexeme_no
        renumber = numpy.empty(len(other._orth), dtype=numpy.int32)
        for word, theirs in other._lexeme_no.items():
            number = numbers.get(word)
            if number is None:
                number = numbers[word] = len(self._orth)
                self._orth.append(other._orth[theirs])
                self._norm.append(other._norm[theirs])
            renumber[theirs] = number
        start = len(self.tokens)
        super().merge(other)  # checks the attributes, then extends every list
        for i in range(start, len(self.tokens)):
            rows, cols, payload = self.tokens[i]
            if isinstance(payload, _Rows):
                self.tokens[i] = (rows, cols, _Rows(renumber[payload.lexemes], payload.ents))

    def add(self, doc) -> None:
        super().add(doc)
        array = self.tokens[-1]
        # (rows, columns, compressed C-order bytes): the array's values are what to_bytes would stack
        self.tokens[-1] = (array.shape[0], array.shape[1], zlib.compress(array.astype("uint64").tobytes("C"), 1))

    def add_tokens(self, vocab, tokens, ents=(), span_groups=None, user_data=None) -> None:
        """What add() does for Doc(vocab, words=[t.text ...], spaces=[bool(t.ws) ...]) with doc.ents = ents,
        doc.spans[key] = spans for each key of span_groups, doc.user_data = user_data, without the Doc.

        tokens: annotator.core.korean.Token-like (start, end, text, ws) tiling the text; ents and the spans of
        span_groups: objects with .start/.end (token range), .label_, and spans also .start_char/.end_char.
        Ents must not overlap (doc.ents would refuse them)."""
        spaces = numpy.fromiter(map(bool, map(itemgetter(3), tokens)), dtype=bool, count=len(tokens))
        self.add_words(vocab, list(map(itemgetter(2), tokens)), spaces, ents, span_groups, user_data)

    def add_words(self, vocab, words: list[str], spaces, ents=(), span_groups=None, user_data=None) -> None:
        """add_tokens() given the tokens' texts and whether each has a trailing space (a bool array)."""
        if tuple(self.attrs) != _DEFAULT_ATTRS:
            raise ValueError("add_tokens writes DocBin's default attributes only")
        rows = len(words)
        numbers = self._lexeme_no
        lexemes = numpy.fromiter(map(numbers.get, words, repeat(-1, rows)), dtype=numpy.int32, count=rows)
        unknown = numpy.flatnonzero(lexemes < 0)
        if unknown.size:  # words this bin has not had yet: looked up as Doc(words=...) would (hashes, norm)
            for i in unknown.tolist():
                word = words[i]
                number = numbers.get(word)
                if number is None:
                    lexeme = vocab[word]
                    number = numbers[word] = len(self._orth)
                    self._orth.append(lexeme.orth)
                    self._norm.append(lexeme.norm)
                    self.strings.add(word)
                    self.strings.add(lexeme.norm_)
                lexemes[i] = number
        if rows:
            self.strings.add("")  # the tag, lemma, morph, dep and kb ids every token lacks
        entities = []
        for ent in ents:
            self.strings.add(ent.label_)
            entities.append((ent.start, ent.end, vocab.strings.add(ent.label_)))
        self.tokens.append((rows, len(self.attrs), _Rows(lexemes, tuple(entities))))
        self.spaces.append(numpy.asarray(spaces, dtype=bool).reshape((rows, 1)))
        self.flags.append({"has_unknown_spaces": False})
        self.cats.append({})
        if self.store_user_data:
            self.user_data.append(self._dumps(user_data or {}))
        self.span_groups.append(self._span_group_bytes(vocab, span_groups or {}))

    def _token_array_bytes(self, rows: int, payload, tables) -> bytes:
        """The C-order bytes of a document's token array (uint64), as DocBin.add makes it."""
        if not isinstance(payload, _Rows):
            return zlib.decompress(payload)
        orth, norm = tables
        array = numpy.zeros((rows, len(self.attrs)), dtype="uint64")
        if rows:
            array[:, _COLUMN[ORTH]] = orth[payload.lexemes]
            array[:, _COLUMN[NORM]] = norm[payload.lexemes]
            array[0, _COLUMN[SENT_START]] = 1  # a Doc made from words starts a sentence at its first token
            array[:, _COLUMN[ENT_IOB]] = _IOB_OUTSIDE  # doc.ents = ... marks every other token outside
        for first, end, label in payload.ents:
            array[first, _COLUMN[ENT_IOB]] = _IOB_BEGIN
            array[first + 1:end, _COLUMN[ENT_IOB]] = _IOB_INSIDE
            array[first:end, _COLUMN[ENT_TYPE]] = label
        return array.tobytes("C")

    def _span_group_bytes(self, vocab, groups: dict) -> bytes:
        """SpanGroups.to_bytes(): {SpanGroup.to_bytes(): [keys]}, each group's spans packed as spaCy packs them."""
        if not groups:
            return _EMPTY_SPAN_GROUPS
        msg: dict[bytes, list[str]] = {}
        for key, spans in groups.items():
            packed = []
            for span in spans:
                self.strings.add(span.label_)
                packed.append(struct.pack(">QQQllll", 0, 0, vocab.strings.add(span.label_), span.start, span.end,
                                          span.start_char, span.end_char))
            group = self._dumps({"name": key, "attrs": {}, "spans": packed})
            msg.setdefault(group, []).append(key)
        return self._dumps(msg)

    def get_docs(self, vocab):
        yield from DocBin(store_user_data=self.store_user_data).from_bytes(self.to_bytes()).get_docs(vocab)

    def to_bytes(self) -> bytes:
        return b"".join(self._chunks())

    def to_disk(self, path) -> None:
        with Path(path).open("wb") as file:
            for chunk in self._chunks():
                file.write(chunk)

    def _chunks(self):
        """The bytes of zlib.compress(msgpack(msg)) for DocBin.to_bytes' msg, produced a piece at a time."""
        compressor = zlib.compressobj()
        lengths = [rows for rows, _, _ in self.tokens]
        token_bytes = sum(rows * cols * 8 for rows, cols, _ in self.tokens)
        spaces = numpy.vstack(self.spaces) if self.spaces else numpy.asarray([])
        head = {"version": self.version, "attrs": self.attrs}
        tail = {
            "spaces": spaces.tobytes("C"),
            "lengths": numpy.asarray(lengths, dtype="int32").tobytes("C"),
            "strings": sorted(self.strings),
            "cats": self.cats,
            "flags": self.flags,
            "span_groups": self.span_groups,
        }
        if self.store_user_data:
            tail["user_data"] = self.user_data
        keys = len(head) + 1 + len(tail)
        yield compressor.compress(_map_header(keys))
        for key, value in head.items():
            yield compressor.compress(srsly.msgpack_dumps(key) + srsly.msgpack_dumps(value))
        if self.tokens:
            yield compressor.compress(srsly.msgpack_dumps("tokens") + _bin_header(token_bytes))
            tables = (numpy.asarray(self._orth, dtype="uint64"), numpy.asarray(self._norm, dtype="uint64"))
            for rows, _, payload in self.tokens:
                yield compressor.compress(self._token_array_bytes(rows, payload, tables))
        else:  # to_bytes packs numpy.asarray([]) (float64, empty)
            yield compressor.compress(srsly.msgpack_dumps("tokens") + srsly.msgpack_dumps(b""))
        for key, value in tail.items():
            yield compressor.compress(srsly.msgpack_dumps(key) + srsly.msgpack_dumps(value))
        yield compressor.flush()


def _map_header(n: int) -> bytes:
    return bytes([0x80 | n]) if n < 16 else b"\xde" + struct.pack(">H", n)


def _bin_header(n: int) -> bytes:
    if n < 2**8:
        return b"\xc4" + struct.pack(">B", n)
    if n < 2**16:
        return b"\xc5" + struct.pack(">H", n)
    return b"\xc6" + struct.pack(">I", n)
