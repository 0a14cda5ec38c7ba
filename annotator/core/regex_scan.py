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


class _Wide(Exception):
    """The first characters are unknown or too many."""


def scanning_regex(regex: re.Pattern) -> re.Pattern:
    """regex itself, or an equivalent pattern that skips faster to the places a match can start."""
    if regex.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(regex.pattern, str):
        return regex
    try:
        tree = _sre_parser.parse(regex.pattern, regex.flags)
        if not tree.data or tree.data[0][0] not in (_c.ASSERT, _c.ASSERT_NOT):
            return regex  # no lookaround first: the engine's own prefix scan applies (or nothing would help)
        atoms, nullable = _first_of_sequence(list(tree.data))
    except (_Wide, RecursionError):
        return regex
    except Exception:  # noqa: BLE001 (it compiled; a parser difference only loses the speed-up)
        return regex
    if nullable or not atoms or sum(weight for _atom, weight in atoms.values()) > MAX_FIRST_CHARS:
        return regex
    # Before a leading negative lookaround (it refuses few places, such as "not after a letter", and costs more
    # than a character test); after a positive one (such as "after a bracket": it refuses nearly every place).
    cut = 0 if regex.pattern.startswith(_NEGATIVE) else _after_leading_lookarounds(regex.pattern)
    if cut is None:
        return regex
    source = regex.pattern[:cut] + "(?=[" + "".join(atom for atom, _w in atoms.values()) + "])" + regex.pattern[cut:]
    try:
        return re.compile(source, regex.flags)
    except re.error:
        return regex


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
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1  # a leading ] is a literal
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
