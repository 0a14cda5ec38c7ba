"""Turn a file of unknown encoding into a stream of LF-normalised text lines, reporting what was wrong.

Encoding (detect_encoding): a BOM (UTF-8, UTF-16, UTF-32) or clean UTF-8 wins; UTF-16/32 without a BOM
when the NULs sit on one side of the code units; else CP949 (EUC-KR's superset) when the first HEAD_BYTES
decode as plausible Korean; else UTF-16 of Hangul alone; else UTF-8 when only a few bytes are
broken (they are replaced and their lines reported). Nothing else is guessed: --encoding forces one.
Binary files (known magic numbers, many NUL or control bytes) are refused as a whole; stray NUL bytes
in a text file are removed and reported per line. Lines are read one at a time, so memory stays
bounded by MAX_LINE_BYTES whatever the file size.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import BinaryIO, Iterator

from annotator.io.importers.base import MAX_LINE_BYTES, ImportProblem

HEAD_BYTES = 256 * 1024
_DRAIN_CHUNK = 1024 * 1024
_MAGIC = {
    b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image", b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (or .docx/.xlsx)", b"\x1f\x8b": "gzip archive", b"SQLite format 3\x00": "SQLite database",
    b"\x7fELF": "executable", b"BZh": "bzip2 archive", b"\xfd7zXZ": "xz archive", b"7z\xbc\xaf": "7-Zip archive",
    b"\xd0\xcf\x11\xe0": "MS Office document", b"RIFF": "media file", b"OggS": "media file", b"ID3": "MP3 audio",
}
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


class NotTextError(Exception):
    """The file is not text (binary, or no encoding fits); the message says why."""


def read_head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(HEAD_BYTES)


def detect_encoding(head: bytes, forced: str | None = None) -> str:
    """Python codec name for a file starting with `head`; raises NotTextError for binary content.

    Only what Korean news files are written in is considered: UTF-8 (with or without BOM), UTF-16/32
    (with a BOM, or without one when the NULs' pattern and a strict decode say so), and CP949 (a superset of EUC-KR) when it decodes cleanly and reads as Korean. A file
    that is UTF-8 but for a few bad bytes is read as UTF-8 (the lines are reported). `forced` (a codec
    name, from --encoding) skips detection; binary files are refused either way."""
    if forced is None:
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        for bom, name in _WIDE_BOMS:
            if head.startswith(bom):
                return name
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise NotTextError(f"binary file ({what}), not text")
    if forced is not None:
        return forced
    whole, full = len(head) < HEAD_BYTES, head
    if head:
        nul = head.count(0)
        if nul and (wide_codec := _wide_without_bom(head, whole, nul)):
            return wide_codec
        control = len(head) - len(head.translate(None, _CONTROL))
        # a stray NUL in a text file is repaired line by line; many of them mean binary content. The share of
        # other control bytes leaves those NULs out: one NUL in a one-line file is still a repairable text.
        if nul > max(8, len(head) // 100) or (control - nul) * 10 > len(head):
            if wide_codec := _wide_without_bom(head, whole):  # Hangul whose low bytes look like controls
                return wide_codec
            wide = nul * 3 >= len(head)  # ASCII in UTF-16 is every second byte NUL
            hint = " (UTF-16 without a byte order mark? use --encoding utf-16-le or utf-16-be)" if wide else ""
            raise NotTextError(f"binary file (NUL and control bytes), not text{hint}")
    if len(head) == HEAD_BYTES:  # don't judge a multi-byte character cut at the sample's end
        cut = head.rfind(b"\n")
        head = head[: cut + 1] if cut > 0 else head
    sample = head.replace(b"\x00", b"")
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a sample with no line break to cut at (a compact JSON export on one line) may end inside a character:
        # valid UTF-8 up to there is UTF-8 (it was read as CP949, every Hangul syllable garbled)
        if len(full) == HEAD_BYTES and exc.reason == "unexpected end of data":
            return "utf-8"
    as_cp949 = sample.decode("cp949", "replace")
    if _reads_as_korean(as_cp949):
        return "cp949"
    if wide_codec := _wide_without_bom(full, whole):
        return wide_codec  # almost only Hangul: too few NULs to go by
    as_utf8 = sample.decode("utf-8", "replace")
    bad = as_utf8.count("\ufffd")
    # UTF-8 with a few broken bytes (replaced, their lines reported), or a damaged stretch in a file whose
    # other characters decode: random bytes seldom form a valid multi-byte sequence, Hangul text is made of them
    wide = len(as_utf8) - bad - sum(1 for ch in as_utf8 if ch < "\x80") if bad > 8 else 0
    if bad <= 8 or bad * 20 <= len(as_utf8) or wide >= 2 * bad:
        return "utf-8"
    raise NotTextError("neither UTF-8 nor CP949/EUC-KR text (binary file?); if it is text, name its encoding"
                       " with --encoding")


def _wide_without_bom(head: bytes, whole: bool, nul: int = 0) -> str | None:
    """UTF-16 or UTF-32 (LE or BE) without a byte order mark, or None. An ASCII character (space, digit, newline)
    in UTF-16 puts a NUL on the high byte's side of its code unit, so with `nul` (the NULs in `head`) their
    positions give the byte order; without, the text must be mostly Hangul and ASCII. Either way it must decode
    strictly (binary data breaks on lone surrogates or code points past U+10FFFF) and hold no control or
    private-use character. `whole`: `head` is the whole file (so its length must be a multiple of the width)."""
    for width in (4, 2):
        if whole and len(head) % width:
            continue
        size = len(head) - len(head) % width
        for order in ("le", "be"):
            if nul and width == 2:
                on_high = head[1 if order == "le" else 0:size:2].count(0)
                # most NULs on the high bytes (a syllable U+XX00 such as 대 puts one on the other side), and ASCII
                # a real share of the text: a stray NUL in a UTF-8 file is neither
                if on_high * 4 < nul * 3 or on_high * 40 < size:
                    continue
            text = _strict_decode(head[:size], f"utf-{8 * width}-{order}")
            if text is not None and _reads_as_wide_text(text, share=0.5 if nul else 0.9):
                return f"utf-{8 * width}-{order}"
    return None


def _strict_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 4:  # only a surrogate pair cut at the end of the sample is forgiven
            return None
        return data[: exc.start].decode(codec)


def _reads_as_wide_text(text: str, *, share: float) -> bool:
    """No control, private-use or non-character, and at least `share` of it ASCII, Hangul or emoji."""
    if not text or any((ch < " " and ch not in "\t\n\r\x0c\x1b") or "\x7f" <= ch < "\xa0"
                       or "\ue000" <= ch <= "\uf8ff" or ch in "\ufffe\uffff" for ch in text):
        return False
    plain = sum(1 for ch in text if ch < "\x7f" or "\uac00" <= ch <= "\ud7a3" or ch > "\uffff")
    return plain >= len(text) * share


def _reads_as_korean(text: str) -> bool:
    """Text decoded as CP949 that a reader would accept: at most a few undecodable bytes, no stray control
    characters, and its non-ASCII characters mostly Hangul of the common KS X 1001 set (random bytes and
    other code pages decode to rare UHC syllables and symbols instead)."""
    bad = text.count("\ufffd")
    wide = [ch for ch in text if ch > "\x7f" and ch != "\ufffd"]
    if not wide or bad * 50 > len(wide) + bad:
        return False
    if any(ch < " " and ch not in "\t\n\r\x0c\x1b" for ch in text):
        return False
    hangul = common = 0
    for ch in wide:
        if "\uac00" <= ch <= "\ud7a3":
            hangul += 1
        try:
            ch.encode("euc_kr")
            common += 1
        except UnicodeEncodeError:
            pass
    return common * 10 >= len(wide) * 9 and hangul * 2 >= len(wide)


def checked_encoding(name: str) -> str:
    """A Python codec name for a user's --encoding (euc-kr reads as its superset cp949)."""
    from annotator.io.importers.detect import FormatError

    try:
        info = codecs.lookup(name)
    except LookupError:
        raise FormatError(f"unknown encoding {name!r}; e.g. utf-8, cp949, euc-kr, utf-16") from None
    if not getattr(info, "_is_text_encoding", True):  # bytes to bytes (base64, hex, rot13): bytes.decode refuses it
        raise FormatError(f"{name!r} is not a text encoding; e.g. utf-8, cp949, euc-kr, utf-16")
    return "cp949" if info.name == "euc_kr" else info.name


READ_BUFFER = 1 << 16


class LineReader:
    """Iterate a file's lines as text; problems go to `problems` as ImportProblem(line, message).

    `undecodable` is "replace" (bad bytes become U+FFFD) or "skip" (the line is handed on as "").
    `bytes_read` follows the position in the file, for progress reports.
    """

    def __init__(self, path: Path, encoding: str, *, undecodable: str = "replace",
                 max_line_bytes: int | None = MAX_LINE_BYTES):
        self.path = path
        self.encoding = encoding
        self.undecodable = undecodable
        self.max_line_bytes = max_line_bytes  # None: no limit (a file read as one value, bounded by its size)
        self.problems: list[ImportProblem] = []
        self.bytes_read = 0
        self.lines_read = 0

    def __iter__(self) -> Iterator[str]:
        # A 64 KiB buffer: with the default 8 KiB, reading the lines of a 31 MB JSONL file took 17-25 ms of CPU, 6 ms
        # with this one (fewer and larger reads for lines of a few KB).
        with open(self.path, "rb", buffering=READ_BUFFER) as f:
            if self.encoding.replace("_", "-").startswith(("utf-16", "utf-32")):
                yield from self._wide_lines(f)
            else:
                yield from self._byte_lines(f)

    def _byte_lines(self, f: BinaryIO) -> Iterator[str]:
        decode = codecs.getdecoder(self.encoding)
        no = 0
        first = True
        limit = self.max_line_bytes
        read_at_most = -1 if limit is None else limit + 1
        while True:
            raw = f.readline(read_at_most)
            if not raw:
                break
            self.bytes_read += len(raw)
            if len(raw) == read_at_most and not raw.endswith(b"\n"):
                # lone CRs may break it into lines (a classic Mac file has no LF at all): each is held to the limit
                if first and self.encoding == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[3:]
                first = False
                no = yield from self._cr_lines(f, raw, no, decode, limit)
                continue
            if first:
                first = False
                if self.encoding == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[3:]
            raw = raw.rstrip(b"\n")
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            # A lone CR is a line break too (classic Mac files).
            for piece in raw.split(b"\r") if b"\r" in raw else (raw,):
                no += 1
                yield self._decode_line(no, piece, decode)
        self.lines_read = no

    def _decode_line(self, no: int, raw: bytes, decode) -> str:
        if b"\x00" in raw:
            raw = raw.replace(b"\x00", b"")
            self.problems.append(ImportProblem(no, "NUL bytes removed"))
        try:
            return decode(raw)[0]
        except UnicodeDecodeError as exc:
            where = f"byte {exc.start + 1}"
            if self.undecodable == "skip":
                self.problems.append(ImportProblem(no, f"bytes not valid {self.encoding} at {where}; line skipped"))
                return ""
            self.problems.append(
                ImportProblem(no, f"bytes not valid {self.encoding} at {where}; replaced with U+FFFD")
            )
            return decode(raw, "replace")[0]

    def _cr_lines(self, f: BinaryIO, raw: bytes, no: int, decode, limit: int):
        """The lines of an LF-line over the limit that lone CRs divide, each held to the limit itself: `raw` is its
        first limit + 1 bytes; the rest is read in chunks. Returns the last line number."""
        buf, ended, skipped = raw, False, 0  # skipped: bytes of a CR-line over the limit dropped so far
        after_cr = False  # buf starts right after a CR: an end there (or a CRLF split between reads) adds no line
        while True:
            if not ended:
                more = f.readline(_DRAIN_CHUNK)
                self.bytes_read += len(more)
                buf += more
                ended = not more or more.endswith(b"\n")
            ending = 0  # the LF-line's own end, counted in the size of its last line as before
            if ended:
                ending = buf.endswith(b"\n") + buf.endswith(b"\r\n")
                if buf.endswith(b"\n"):
                    buf = buf[:-1]
                pieces = [] if after_cr and not buf else (buf[:-1] if buf.endswith(b"\r") else buf).split(b"\r")
                buf = b""
            else:
                cut = buf.rfind(b"\r")
                if cut < 0:
                    if len(buf) > limit:  # inside a CR-line over the limit: keep its length, not its bytes
                        skipped, buf, after_cr = skipped + len(buf), b"", False
                    continue
                pieces, buf = buf[:cut].split(b"\r"), buf[cut + 1:]
                after_cr = not buf
            for n, piece in enumerate(pieces, 1):
                no += 1
                if skipped or len(piece) > limit:
                    size = skipped + len(piece) + (ending if n == len(pieces) else 0)
                    self.problems.append(ImportProblem(no, _too_long(size, limit)))
                    skipped = 0
                    yield ""
                else:
                    yield self._decode_line(no, piece, decode)
            if ended:
                return no

    def _drain(self, f: BinaryIO) -> int:
        """Skip the rest of an over-long line; returns the bytes skipped."""
        skipped = 0
        while True:
            chunk = f.readline(_DRAIN_CHUNK)
            skipped += len(chunk)
            self.bytes_read += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                return skipped

    def _wide_lines(self, f: BinaryIO) -> Iterator[str]:
        # UTF-16/32 cannot be split on bytes; universal newlines in the text layer do CR/CRLF.
        text = io.TextIOWrapper(f, encoding=self.encoding, errors="replace", newline=None)
        no = 0
        limit = self.max_line_bytes
        read_at_most = -1 if limit is None else limit // 2 + 1
        while True:
            try:
                line = text.readline(read_at_most)
            except UnicodeError as exc:  # --encoding utf-16 (or utf-32) for a file without a byte order mark
                self.problems.append(ImportProblem(no + 1, f"cannot be read as {self.encoding} ({exc}; without a byte"
                                                           " order mark give utf-16-le or utf-16-be); rest of the file"
                                                           " skipped"))
                break
            if not line:
                break
            no += 1
            self.bytes_read = f.tell() if f.seekable() else self.bytes_read
            if len(line) == read_at_most and not line.endswith("\n"):
                size = len(line)
                while line and not line.endswith("\n"):
                    line = text.readline(_DRAIN_CHUNK)
                    size += len(line)
                self.problems.append(ImportProblem(no, _too_long(size * 2, limit)))
                yield ""
                continue
            line = line.rstrip("\n")
            if "\x00" in line:
                line = line.replace("\x00", "")
                self.problems.append(ImportProblem(no, "NUL characters removed"))
            if "\ufffd" in line:
                self.problems.append(ImportProblem(no, f"bytes not valid {self.encoding}; replaced with U+FFFD"))
            yield line
        self.lines_read = no


def _too_long(size: int, limit: int) -> str:
    return f"line is {size / 1e6:.1f} MB, over the {_mib(limit)} MiB line limit; line skipped"


def _mib(size: int) -> str:
    return f"{size / 1048576:.0f}" if size % 1048576 == 0 else f"{size / 1048576:.1f}"
