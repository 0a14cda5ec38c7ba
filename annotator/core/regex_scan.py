"""A faster regex with the same matches: a label pattern with a first-character test in front.

Python's regex engine skips ahead quickly only when a pattern starts with a literal or a character class; a label
pattern usually starts with a lookbehind such as (?<![가-힣A-Za-z0-9·]) and then tries a long alternation (every
region name) at each position that passes it. scanning_regex() puts (?=[...]) there, the characters any match can
start with (derived from the parsed pattern), so that the lookbehind and the alternation are tried only where
a match can start (after a leading positive lookaround such as "after a bracket", which refuses more places itself). A
lookahead that every match passes changes no match, group or span: only the time. Patterns whose matches may start
with nearly anything (a wide class, ., a negated class), that can match the empty string, that are verbose or case
folded, or that start with a literal or class already, are left as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:
    from re import _constants as _c, _parser as _sre_parser
except ImportError:  # Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]

# A first-character set wider than this (Hangul alone is 11,172) passes most word starts: no gain, a cost.
MAX_FIRST_CHARS = 1000
_CATEGORIES = {_c.CATEGORY_DIGIT: (r"\d", 10)}  # \d: any decimal digit (counted as the ten seen in practice)
_LEADING = ("(?<=", "(?<!", "(?=", "(?!")
_NEGATIVE = ("(?<!", "(?!")


@lru_cache(maxsize=4)
def parsed(pattern: str, flags: int):
    """The sre parser's tree of a regex source, kept for the analyses of one pattern that follow each other (its
    trigger, radius, reach, second strings, scan form: each parsed it again; a pattern of the shipped scheme takes
    milliseconds). Read only: nothing here changes a tree."""
    return _sre_parser.parse(pattern, flags)


class _Wide(Exception):
    """The first characters are unknown or too many."""


def scanning_regex(regex: re.Pattern, compile=re.compile) -> re.Pattern:
    """regex itself, or an equivalent pattern that skips faster to the places a match can start and past the
    places where one of its long alternations cannot match (guarded_alternations); compile: as re.compile."""
    if regex.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(regex.pattern, str):
        return regex
    guarded = guarded_alternations(regex.pattern, regex.flags)
    source = _with_first_character_test(regex, guarded)
    if source == regex.pattern:
        return regex
    try:
        scan = compile(source, regex.flags)
    except re.error:
        return regex
    if scan.groups != regex.groups or scan.groupindex != regex.groupindex:
        return regex
    return scan


def _with_first_character_test(regex: re.Pattern, source: str) -> str:
    """source (regex's pattern, or its guarded form) with the first-character test in front, if one helps."""
    try:
        tree = parsed(regex.pattern, regex.flags)
        if not tree.data or tree.data[0][0] not in (_c.ASSERT, _c.ASSERT_NOT):
            return source  # no lookaround first: the engine's own prefix scan applies (or nothing would help)
        atoms, nullable = _first_of_sequence(list(tree.data))
    except (_Wide, RecursionError):
        return source
    except Exception:  # noqa: BLE001 (it compiled; a parser difference only loses the speed-up)
        return source
    if nullable or not atoms or sum(weight for _atom, weight in atoms.values()) > MAX_FIRST_CHARS:
        return source
    # Before a leading negative lookaround (it refuses few places, such as "not after a letter", and costs more
    # than a character test); after a positive one (such as "after a bracket": it refuses nearly every place).
    cut = 0 if source.startswith(_NEGATIVE) else _after_leading_lookarounds(source)
    if cut is None:
        return source
    return source[:cut] + _lookahead(atoms) + source[cut:]


def _lookahead(atoms: dict) -> str:
    return "(?=[" + "".join(atom for atom, _w in atoms.values()) + "])"


# An alternation of this many alternatives or more gets a first-character test (Python tries the alternatives one
# after another; a character class is one test): region names, titles, field words.
MIN_GUARDED_ALTERNATIVES = 6
_SCOPED_FLAGS = re.compile(r"\(\?(?:[aiLmsux]+(?:-[aiLmsux]+)?|-[aiLmsux]+)[:)]")


def guarded_alternations(source: str, flags: int, min_alternatives: int = MIN_GUARDED_ALTERNATIVES) -> str:
    """source with each non-capturing group that is an alternation of at least min_alternatives, whose matches
    all start with one of a known, small set of characters, given that test first: (?:강원|부산|...) becomes
    (?:(?=[강부...])(?:강원|부산|...)). The lookahead passes wherever the alternation can match, so no match, group
    or order changes: only the places where none can are left sooner. Groups whose content cannot be read alone
    (a back reference to a group outside it) are left as they are, and so is every pattern with scoped flags."""
    if _SCOPED_FLAGS.search(source.replace("\\\\", "")):
        return source
    try:
        return _guarded(source, flags, min_alternatives)
    except (RecursionError, ValueError):
        return source


@lru_cache(maxsize=1024)  # the same groups (every region name, every title) recur across patterns
def _guarded(source: str, flags: int, min_alternatives: int) -> str:
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            out.append(source[i:i + 2])
            i += 2
        elif ch == "[":
            end = _class_end(source, i)
            out.append(source[i:end])
            i = end
        elif source.startswith("(?:", i):
            end = _group_end(source, i)
            if end is None:
                raise ValueError("unbalanced group")
            inner = source[i + 3:end - 1]
            test = _alternation_test(inner, flags, min_alternatives)
            body = _guarded(inner, flags, min_alternatives)
            out.append("(?:" + test + "(?:" + body + "))" if test else "(?:" + body + ")")
            i = end
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@lru_cache(maxsize=1024)
def _alternation_test(inner: str, flags: int, min_alternatives: int) -> str | None:
    """The first-character lookahead for a group's content, if it is a long enough alternation that cannot match
    the empty string and starts with few enough characters."""
    if inner.count("|") + 1 < min_alternatives:
        return None
    try:
        data = list(_sre_parser.parse(inner, flags & ~re.VERBOSE).data)
        if len(data) != 1 or data[0][0] is not _c.BRANCH or len(data[0][1][1]) < min_alternatives:
            return None
        atoms, nullable = _first_of_sequence(data)
    except (_Wide, RecursionError):
        return None
    except Exception:  # noqa: BLE001 (not readable alone: a back reference, a conditional group)
        return None
    if nullable or not atoms or sum(weight for _atom, weight in atoms.values()) > MAX_FIRST_CHARS:
        return None
    return _lookahead(atoms)


def _first_of_sequence(sequence) -> tuple[dict, bool]:
    """(class atoms a non-empty match of the sequence may start with, whether it may match the empty string)."""
    atoms: dict = {}
    for op, av in sequence:
        found, nullable = _first_of(op, av)
        atoms.update(found)
        if not nullable:
            return atoms, False
    return atoms, True


def _first_of(op, av) -> tuple[dict, bool]:
    if op is _c.LITERAL:
        return {av: (_escaped(av), 1)}, False
    if op is _c.IN:
        return _class_atoms(av), False
    if op is _c.SUBPATTERN:
        if av[1] & re.IGNORECASE:
            raise _Wide
        return _first_of_sequence(list(av[3]))
    if op is _c.BRANCH:
        atoms: dict = {}
        nullable = False
        for alternative in av[1]:
            found, empty = _first_of_sequence(list(alternative))
            atoms.update(found)
            nullable = nullable or empty
        return atoms, nullable
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        found, empty = _first_of_sequence(list(av[2]))
        return found, empty or av[0] == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first_of_sequence(list(av))
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return {}, True  # consumes nothing: the next element decides
    raise _Wide  # ., a negated literal, a back reference, a conditional group: anything may come first


def _class_atoms(items) -> dict:
    atoms: dict = {}
    for op, av in items:
        if op is _c.LITERAL:
            atoms[av] = (_escaped(av), 1)
        elif op is _c.RANGE:
            atoms[av] = (f"{_escaped(av[0])}-{_escaped(av[1])}", av[1] - av[0] + 1)
        elif op is _c.CATEGORY and av in _CATEGORIES:
            atoms[av] = _CATEGORIES[av]
        else:  # a negated class, \w, \s, \D ...: too wide to help
            raise _Wide
    return atoms


def _escaped(code: int) -> str:
    return re.escape(chr(code))


def _after_leading_lookarounds(pattern: str) -> int | None:
    """The offset in the pattern's source just after its leading lookarounds (a first-character test placed
    there is tried after them, where they have already refused most positions); None if there are none or the
    source is not understood."""
    pos = 0
    while pattern.startswith(_LEADING, pos):
        pos = _group_end(pattern, pos)
        if pos is None:
            return None
    return pos or None


def _class_end(pattern: str, start: int) -> int:
    """The offset after the character class opened at pattern[start] ("[")."""
    i, n = start + 1, len(pattern)
    if i < n and pattern[i] == "^":
        i += 1
    if i < n and pattern[i] == "]":
        i += 1  # a leading ] is a literal
    while i < n and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _group_end(pattern: str, start: int) -> int | None:
    """The offset after the group opened at pattern[start] ("("), escapes and character classes skipped."""
    depth = 0
    i, n = start, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i) - 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
