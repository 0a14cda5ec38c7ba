"""Per-label suggestion patterns stored with the label scheme: their JSON shape, validation and compiled form.

An entity label may carry "patterns", a list of objects, each with an "id" (unique in the label) and
exactly one of:

  "regex":  a Python regular expression over the text of one line; the named group "ent", when present,
            is the entity ("(?P<ent>\\d{4}년)까지" proposes the year without 까지), else the whole match.
  "tokens": a sequence of Kiwi morpheme constraints (spaCy Matcher style), each an object with any of
            "text" (a surface string or a list of them), "re" (a regex the whole surface must match),
            "tag" (a Kiwi tag prefix or a list of them: "NN" matches NNG, NNP, NNB), "op" ("?", "*" or "+";
            one occurrence when absent), "gap" (true: whitespace must come before it; false: it must be
            attached to the previous morpheme; repeats of an element are always attached), and "in"
            (false: context that must match but is not part of the entity).
  "words":  a list of strings (a gazetteer: 중소벤처기업부, 중기부, ...), each of at least two characters,
            proposed wherever it occurs as the project dictionary proposes its strings: on Kiwi token
            boundaries, a particle after it left out.

and optionally "score" (in (0, 1], default 0.8: how often a reviewer accepts what it proposes),
"enabled" (default true) and "description". A regex sees one line at a time (^ and $ are the line's ends).
Token patterns need Kiwi's analysis: of the whole line without "requires"; with a "requires" regex, only of
the words around each of its matches (as many words either side as the pattern has elements), so a token
match is found there. Either is analysed only when it contains one of the literal "text" strings of the
first required element that has them, if any.
This module is Qt-free and spaCy-free; the matching is in annotator.nlp.suggest.patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from annotator.core import pattern_cache
from annotator.core.regex_scan import parsed, scanning_regex

DEFAULT_SCORE = 0.8
_PATTERN_KEYS = {"id", "regex", "tokens", "words", "requires", "score", "enabled", "description"}
KINDS = ("regex", "tokens", "words")
MIN_WORD_CHARS = 2  # a one-syllable word would be found inside unrelated words
_TOKEN_KEYS = {"text", "re", "tag", "op", "gap", "in"}
_OPS = {None: (1, 1), "?": (0, 1), "*": (0, None), "+": (1, None)}


class PatternError(ValueError):
    """A pattern that cannot be used; the message names the label and the pattern. reason ("invalid regex",
    "empty match" or "") and detail (the regex engine's words) let the app say it in its own language."""

    def __init__(self, message: str, reason: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True, slots=True)
class TokenSpec:
    texts: frozenset[str] | None
    surface: re.Pattern | None
    tags: tuple[str, ...] | None
    min: int
    max: int | None
    gap: bool | None
    inside: bool

    def accepts(self, surface: str, tag: str) -> bool:
        if self.texts is not None and surface not in self.texts:
            return False
        if self.surface is not None and self.surface.fullmatch(surface) is None:
            return False
        return self.tags is None or tag.startswith(self.tags)


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    label: str
    id: str
    score: float
    regex: re.Pattern | None = None
    tokens: tuple[TokenSpec, ...] | None = None
    words: tuple[str, ...] | None = None
    anchors: frozenset[str] | None = None  # a line must contain one of these to be analysed
    requires: re.Pattern | None = None  # and match this
    trigger: frozenset[str] | None = None  # regex patterns: every match holds one of these strings
    radius: int | None = None  # and lies, with all it looks at, within this many characters of it
    scan: re.Pattern | None = None  # regex patterns: the regex as searched, same matches (core/regex_scan.py)
    also: frozenset[str] | None = None  # regex patterns: and every match holds one of these too
    sees_breaks: bool = True  # regex patterns: a lookaround may look at a line break (searched line by line)
    reach: tuple[int | None, int | None] | None = None  # regex patterns: how far before a trigger's end a match (with
    # its lookbehinds) may start, and after the trigger's start it (with its lookaheads) may end (search_reach)
    line_local: bool = False  # regex patterns: no match can hold a line break (consumes_line_breaks): what it finds
    # in a line depends on that line alone
    checks: tuple[frozenset[str], ...] = ()  # regex patterns: more sets every match holds one of (required_sets)

    def __reduce__(self):
        """Pickled (a spawned worker gets the suggester so) with its regexes as sources and flags, compiled there
        through the pattern cache (re.Pattern's own pickle compiles them from scratch: ~0.3 CPU s a scheme)."""
        values = tuple(getattr(self, name) for name in self.__dataclass_fields__)
        return _unpickled, (tuple(_Regex(v.pattern, v.flags) if isinstance(v, re.Pattern) else v for v in values),)


class _Regex(tuple):
    """A regex's (source, flags) in a pickled CompiledPattern."""

    def __new__(cls, source: str, flags: int):
        return super().__new__(cls, (source, int(flags)))

    def __reduce__(self):
        return _Regex, tuple(self)


def _unpickled(values: tuple) -> CompiledPattern:
    compiled: dict = {}  # a pattern without a scan form has the regex itself as its scan, one object, as before
    return CompiledPattern(*(compiled.setdefault(v, pattern_cache.compile_regex(*v)) if isinstance(v, _Regex) else v
                             for v in values))


def _strings(value: Any, what: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) and v for v in items):
        raise PatternError(f"{what} must be a non-empty string or a list of them")
    return tuple(items)


def _regex(source: Any, what: str, flags: int = 0) -> re.Pattern:
    if not isinstance(source, str) or not source:
        raise PatternError(f"{what} must be a non-empty string")
    try:
        compiled = pattern_cache.compile_regex(source, flags)
    except re.error as exc:
        raise PatternError(f"{what} is not a valid regular expression: {exc}", "invalid regex", str(exc)) from None
    if compiled.fullmatch("") is not None:
        raise PatternError(f"{what} matches the empty string", "empty match")
    return compiled


def _words(items: Any, what: str) -> tuple[str, ...]:
    if not isinstance(items, list) or not items or not all(isinstance(w, str) for w in items):
        raise PatternError(f"{what} must be a non-empty list of strings")
    words = tuple(dict.fromkeys(" ".join(w.split()) for w in items))
    short = [w for w in words if len(w) < MIN_WORD_CHARS]
    if short:
        raise PatternError(f"{what}: {short[0]!r} is shorter than {MIN_WORD_CHARS} characters "
                           "(it would be found inside other words)")
    return words


def _token_spec(item: Any, where: str) -> TokenSpec:
    if not isinstance(item, dict) or not item:
        raise PatternError(f"{where}: each token is an object such as {{\"tag\": \"NNG\"}}")
    unknown = set(item) - _TOKEN_KEYS
    if unknown:
        raise PatternError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_TOKEN_KEYS))})")
    if not ({"text", "re", "tag"} & set(item)):
        raise PatternError(f"{where}: a token needs at least one of text, re, tag")
    op = item.get("op")
    if op not in _OPS:
        raise PatternError(f"{where}: op must be '?', '*' or '+', got {op!r}")
    gap = item.get("gap")
    if gap is not None and not isinstance(gap, bool):
        raise PatternError(f"{where}: gap must be true or false")
    inside = item.get("in", True)
    if not isinstance(inside, bool):
        raise PatternError(f"{where}: in must be true or false")
    low, high = _OPS[op]
    return TokenSpec(
        texts=frozenset(_strings(item["text"], f"{where}: text")) if "text" in item else None,
        surface=_regex(item["re"], f"{where}: re") if "re" in item else None,
        tags=_strings(item["tag"], f"{where}: tag") if "tag" in item else None,
        min=low, max=high, gap=gap, inside=inside,
    )


def compile_pattern(label: str, entry: Any, *, analyse: bool = True) -> CompiledPattern | None:
    """The compiled pattern, None when it is disabled; PatternError when it is malformed. analyse=False
    leaves out a regex's prefilter (trigger and radius: they never refuse a pattern), for validation only."""
    if not isinstance(entry, dict):
        raise PatternError(f"label {label!r}: a pattern is an object with an id and a regex, tokens or words")
    pid = entry.get("id")
    if not isinstance(pid, str) or not pid.strip():
        raise PatternError(f"label {label!r}: a pattern has no id")
    where = f"label {label!r}, pattern {pid!r}"
    unknown = set(entry) - _PATTERN_KEYS
    if unknown:
        raise PatternError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if sum(kind in entry for kind in KINDS) != 1:
        raise PatternError(f"{where}: give exactly one of regex, tokens and words")
    if "requires" in entry and "tokens" not in entry:
        raise PatternError(f"{where}: requires is for token patterns (a regex pattern needs no prefilter)")
    score = entry.get("score", DEFAULT_SCORE)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 < score <= 1:
        raise PatternError(f"{where}: score must be a number in (0, 1], got {score!r}")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise PatternError(f"{where}: enabled must be true or false")
    if "regex" in entry:
        regex = _regex(entry["regex"], f"{where}: regex", re.MULTILINE)
        if analyse:
            trigger, radius, scan, also, sees_breaks, reach, breaks, checks = pattern_cache.analyses(
                regex, regex_analyses)
            compiled = CompiledPattern(label, pid, float(score), regex=regex, trigger=trigger, radius=radius,
                                       scan=regex if scan is None else pattern_cache.compile_regex(scan, regex.flags),
                                       also=also, sees_breaks=sees_breaks, reach=reach, line_local=not breaks,
                                       checks=checks)
        else:
            compiled = CompiledPattern(label, pid, float(score), regex=regex, scan=regex,
                                       sees_breaks=lookaround_sees_line_breaks(regex))
    elif "words" in entry:
        compiled = CompiledPattern(label, pid, float(score), words=_words(entry["words"], f"{where}: words"))
    else:
        items = entry["tokens"]
        if not isinstance(items, list) or not items:
            raise PatternError(f"{where}: tokens must be a non-empty list")
        specs = tuple(_token_spec(item, f"{where}, token {i + 1}") for i, item in enumerate(items))
        if not any(s.inside for s in specs):
            raise PatternError(f"{where}: every token is context (in: false); nothing would be proposed")
        if all(s.min == 0 for s in specs if s.inside):
            raise PatternError(f"{where}: the entity part can match nothing; make one inside token required")
        literal = [s.texts for s in specs if s.texts is not None and s.min > 0]
        anchors = frozenset(literal[0]) if literal else None
        requires = _regex(entry["requires"], f"{where}: requires") if "requires" in entry else None
        compiled = CompiledPattern(label, pid, float(score), tokens=specs, anchors=anchors, requires=requires)
    return compiled if enabled else None


def regex_analyses(regex: re.Pattern) -> tuple:
    """What compile_pattern derives from a regex pattern (kept by core/pattern_cache.py): its trigger, radius,
    scan form (its source, None when it is the regex itself), second strings, whether a lookaround sees line
    breaks, reach, whether a match may hold a line break, and the further sets every match holds one of."""
    trigger = required_text(regex)
    scan = scanning_regex(regex, compile=pattern_cache.compile_regex)
    return (trigger, search_radius(regex), None if scan is regex else scan.pattern,
            also_required_text(regex, trigger), lookaround_sees_line_breaks(regex), search_reach(regex),
            consumes_line_breaks(regex), required_sets(regex) if trigger is not None else ())


def compile_label_patterns(label: str, entries: Any, *, analyse: bool = True) -> list[CompiledPattern]:
    """All enabled patterns of a label; PatternError on the first malformed one or a repeated id
    (analyse: as in compile_pattern)."""
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise PatternError(f"label {label!r}: patterns must be a list")
    seen: set[str] = set()
    out = []
    with pattern_cache.batch():
        for entry in entries:
            compiled = compile_pattern(label, entry, analyse=analyse)
            pid = entry["id"]
            if pid in seen:
                raise PatternError(f"label {label!r}: pattern id {pid!r} appears twice")
            seen.add(pid)
            if compiled is not None:
                out.append(compiled)
    return out


# required_text(): strings of which every match of a pattern contains one, so that only the text near
# them needs searching (few lines hold 월, 원 or 장관). Derived from the parsed regex: a sequence needs what
# its most selective required part needs (a run of literal characters, or one element), a branch one of
# what its alternatives need, a repeat what its item needs if it repeats at least once; a small character
# class is its characters; lookarounds consume nothing and add nothing. None when a match may consist of
# anything (., [^...], \w, wide ranges, case folding).
_TRIGGER_MAX = 64  # more strings than this (weighted) find nearly every position: no prefilter


def required_text(regex: re.Pattern) -> frozenset[str] | None:
    try:
        from re import _constants as c
    except ImportError:  # Python < 3.11
        import sre_constants as c  # type: ignore[no-redef]
    if regex.flags & re.IGNORECASE:
        return None
    try:
        tree = parsed(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 (it compiled; a parser difference only loses the prefilter)
        return None
    found = _required(list(tree), c)
    if not found or _cost(found) > _TRIGGER_MAX:
        return None
    return frozenset(found)


def _cost(strings) -> float:
    """How often strings are likely to occur: a character counts 1, a string of n characters 1/n, other
    punctuation 2, and spaces, commas and full stops (in most lines) as much as a wide class."""
    if isinstance(strings, _Narrowed):
        return strings.cost
    return sum(1 / len(string) if any(ch.isalnum() for ch in string)
               else _TRIGGER_MAX / 2 if all(ch.isspace() or ch in _IN_MOST_LINES for ch in string)
               else _PUNCTUATION_COST for string in strings)


_IN_MOST_LINES = ".,"  # (with whitespace) as good as no prefilter
_PUNCTUATION_COST = 2.0  # a bracket or a symbol: in some lines, not most


def _class(items, c):
    chars: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            chars.append(chr(av))
        elif op is c.RANGE and av[1] - av[0] < _TRIGGER_MAX:
            chars.extend(map(chr, range(av[0], av[1] + 1)))
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            chars.extend("0123456789")
        else:  # NEGATE, wide categories (\w, \s, \D) and ranges
            return None
    return chars


def _required(sequence, c):
    candidates = _required_sets(sequence, c)
    return min(candidates, key=_cost) if candidates else None


def _required_sets(sequence, c, *, nested: bool = False) -> list:
    """The sets of strings a match of the sequence holds one of (each a necessary condition): per literal run,
    class, required repeat, group and branch, the cheapest of what the element needs (nested: every set a
    required group or repeat needs, not only its cheapest)."""
    candidates = []
    literal = ""
    prev = before = None  # the element before a literal run; the characters it always ends with (None: unknown)
    for op, av in sequence + [(None, None)]:
        if op is c.LITERAL:
            if not literal:
                before = _ends_with(prev, c)
            literal += chr(av)
            continue
        if literal:
            if before:  # 일 after a digit: "1일".."9일", rarer than 일 alone (in 일정, 일부, 제일 ...)
                candidates.append(_Narrowed(ch + literal for ch in before))
            else:
                candidates.append([literal])
            literal = ""
        prev = (op, av)
        inner = None
        if op is c.IN:
            candidates.append(_class(av, c))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            inner = list(av[2])
        elif op is c.SUBPATTERN and not av[1] & re.IGNORECASE:
            inner = list(av[3])
        elif op is c.BRANCH:
            alternatives = [_required(list(alternative), c) for alternative in av[1]]
            if all(alternatives):
                candidates.append([string for alternative in alternatives for string in alternative])
        if inner is not None:
            if nested:
                candidates += _required_sets(inner, c, nested=True)
            else:
                candidates.append(_required(inner, c))
    candidates += _finite_runs(sequence, c)
    return [found for found in candidates if found]


def _finite_runs(sequence, c) -> list[list[str]]:
    """The strings of each run of adjacent elements that match only a few strings, joined ("(" then one of 57
    titles: "(기자", "(장관" ...; rarer than either part). A run ends at an element of many or unbounded strings
    and at a lookaround or anchor; one that may match the empty string is no requirement."""
    runs: list[list[str]] = []
    run: set[str] | None = None
    for element in sequence + [(None, None)]:
        strings = _language(element, c) if element[0] is not None else None
        if strings is not None and run is not None:
            joined = {a + b for a in run for b in strings}
            if len(joined) <= _TRIGGER_MAX:
                run = joined
                continue
        if run is not None and "" not in run and len(run) > 0:
            runs.append(sorted(run))
        run = strings
    return runs


def _language(element, c, limit: int = _TRIGGER_MAX) -> set[str] | None:
    """Every string a parsed element matches, if they are at most limit (else None)."""
    op, av = element
    if op is c.LITERAL or op is c.IN:
        return _characters(element, c, limit)
    if op is c.SUBPATTERN and not (av[1] | av[2]) & re.IGNORECASE:
        return _sequence_language(list(av[3]), c, limit)
    if op is c.BRANCH:
        found: set[str] = set()
        for alternative in av[1]:
            strings = _sequence_language(list(alternative), c, limit)
            if strings is None:
                return None
            found |= strings
            if len(found) > limit:
                return None
        return found
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] is not c.MAXREPEAT and av[1] <= 4:
        item = _sequence_language(list(av[2]), c, limit)
        if item is None:
            return None
        found, power = set(), {""}
        for count in range(av[1] + 1):
            if count >= av[0]:
                found |= power
            if count < av[1]:
                power = {a + b for a in power for b in item}
            if len(found) > limit or len(power) > limit:
                return None
        return found
    return None


def _sequence_language(sequence, c, limit: int) -> set[str] | None:
    found = {""}
    for element in sequence:
        strings = _language(element, c, limit)
        if strings is None:
            return None
        found = {a + b for a in found for b in strings}
        if len(found) > limit:
            return None
    return found


def also_required_text(regex: re.Pattern, trigger: frozenset[str] | None) -> frozenset[str] | None:
    """A second set of strings every match of regex holds one of, that its trigger strings do not imply (the
    cheapest such): a stretch of text without one of them holds no match, whatever triggers it has. None when
    there is none worth looking for."""
    if trigger is None:
        return None
    try:
        from re import _constants as c
    except ImportError:  # Python < 3.11
        import sre_constants as c  # type: ignore[no-redef]
    try:
        sets = _needed_sets(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 (it compiled; a parser difference only loses the prefilter)
        return None
    # implied: every trigger string holds one of the set's strings (일 beside the triggers 1일 ... 9일)
    useful = [found for found in sets if _cost(found) < _TRIGGER_MAX / 2  # not a space or a bracket alone
              and not all(any(string in t for string in found) for t in trigger)]
    return frozenset(min(useful, key=_cost)) if useful else None


# required_sets(): every set of strings a match holds one of that is cheap enough to look for (beside the trigger and
# the second strings, which are chosen from them): the sets of _required_sets, those of a leading lookbehind and a
# trailing lookahead (as also_required_text), and, for a branch, the unions of one set of each alternative (the
# branch's own set is only the cheapest of each: (?:[[【]|\\(...=) holds one of [, 【, ( and one of [, 【, =).
_CHECK_COST = _TRIGGER_MAX / 2  # a space or a bracket alone: in most windows
_BRANCH_SETS = 4  # of each alternative, its cheapest sets are combined
_BRANCH_COMBINATIONS = 64


def required_sets(regex: re.Pattern) -> tuple[frozenset[str], ...]:
    """The sets of strings (cheapest first) every match of regex holds one of, with all it looks at; () when the
    regex is case folded or not understood."""
    try:
        from re import _constants as c
    except ImportError:  # Python < 3.11
        import sre_constants as c  # type: ignore[no-redef]
    if regex.flags & re.IGNORECASE:
        return ()
    try:
        sets = list(_needed_sets(regex.pattern, regex.flags))
        sequence = list(parsed(regex.pattern, regex.flags))
        sets += _branch_unions(sequence, c)
        for op, av in sequence[:1] + sequence[-1:]:
            if op is c.ASSERT and (av[0] < 0) == (sequence[0] == (op, av)):
                sets += _branch_unions(list(av[1]), c)
    except Exception:  # noqa: BLE001 (it compiled; a parser difference only loses the prefilter)
        return ()
    found = {frozenset(strings) for strings in sets if strings and _cost(strings) < _CHECK_COST}
    return tuple(sorted(found, key=lambda strings: (_cost(sorted(strings)), sorted(strings))))


@lru_cache(maxsize=4)
def _needed_sets(pattern: str, flags: int) -> tuple:
    """The sets of also_required_text (read only: shared with required_sets): _required_sets of the whole regex,
    nested, and of a leading lookbehind and a trailing lookahead (what they need is in the line too, within the
    radius)."""
    try:
        from re import _constants as c
    except ImportError:  # Python < 3.11
        import sre_constants as c  # type: ignore[no-redef]
    sequence = list(parsed(pattern, flags))
    sets = _required_sets(sequence, c, nested=True)
    for op, av in sequence[:1] + sequence[-1:]:
        if op is c.ASSERT and (av[0] < 0) == (sequence[0] == (op, av)):
            sets += _required_sets(list(av[1]), c, nested=True)
    return tuple(sets)


_BRANCH_ALTERNATIVES = 8  # a longer branch (every region name) has too many unions to be worth them


def _branch_unions(sequence, c, depth: int = 0) -> list:
    """The unions of one set of each alternative of every short branch every match goes through (in the sequence,
    its groups and required repeats)."""
    sets: list = []
    if depth > 6:
        return sets
    for op, av in sequence:
        inner = None
        if op is c.BRANCH and len(av[1]) <= _BRANCH_ALTERNATIVES:
            choices = [sorted(_required_sets(list(alternative), c), key=_cost)[:_BRANCH_SETS]
                       for alternative in av[1]]
            combinations = 1
            for sets_of_one in choices:
                combinations *= len(sets_of_one)
            if choices and 0 < combinations <= _BRANCH_COMBINATIONS:
                from itertools import product

                sets += [[string for strings in chosen for string in strings] for chosen in product(*choices)]
        elif op is c.SUBPATTERN and not av[1] & re.IGNORECASE:
            inner = av[3]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            inner = av[2]
        if inner is not None:
            sets += _branch_unions(list(inner), c, depth + 1)
    return sets


class _Narrowed(list):
    """A literal's trigger strings, each with one of the characters that must come before it: found less
    often than the literal alone, so it costs what the literal costs, halved."""

    def __init__(self, strings) -> None:
        super().__init__(strings)
        self.cost = _cost([self[0][1:]]) / 2


def _characters(element, c, limit: int) -> set[str] | None:
    """The characters a literal or a class matches, if at most limit (else None)."""
    op, av = element
    if op is c.LITERAL:
        return {chr(av)}
    chars = _class(av, c)
    return set(chars) if chars and len(set(chars)) <= limit else None


def _ends_with(element, c, limit: int = 10) -> set[str] | None:
    """The characters a match of a parsed element always ends with (at most limit of them), else None
    (unknown, too many, or the element may match nothing)."""
    if element is None:
        return None
    op, av = element
    if op is c.LITERAL or op is c.IN:
        return _characters(element, c, limit)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return _ends_with_sequence(list(av[2]), c, limit)
    if op is c.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _ends_with_sequence(list(av[3]), c, limit)
    if op is c.BRANCH:
        found: set[str] = set()
        for alternative in av[1]:
            chars = _ends_with_sequence(list(alternative), c, limit)
            if not chars:
                return None
            found |= chars
        return found if len(found) <= limit else None
    return None


def _ends_with_sequence(sequence, c, limit: int) -> set[str] | None:
    return _ends_with(sequence[-1], c, limit) if sequence else None


_UNBOUNDED = 4096
_WINDOW_MAX = 64  # wider windows around frequent triggers cover more than the triggers' lines do


def search_radius(regex: re.Pattern) -> int | None:
    """How far from any part of a match the regex may look while matching (its widest match plus every
    lookaround's width): every match lies, with its context, within this many characters of the trigger
    it holds, so only windows that wide around the triggers need searching. None when unbounded or wide
    (such a pattern is searched over the whole lines of its triggers)."""
    try:
        from re import _constants as c
    except ImportError:  # Python < 3.11
        import sre_constants as c  # type: ignore[no-redef]
    try:
        tree = parsed(regex.pattern, regex.flags)
        widest = tree.getwidth()[1] + _lookaround_width(tree, c)
    except Exception:  # noqa: BLE001 (a parser difference only loses the prefilter)
        return None
    return widest + 1 if widest < _WINDOW_MAX else None


def search_reach(regex: re.Pattern) -> tuple[int | None, int | None] | None:
    """(left, right): every match of regex holding a string at text[a:b], with all it looks at, lies in
    text[b - left:a + right] (a side None: unbounded; None when both are). A match starts at most its widest match
    before b and ends at most that after a; its lookbehinds look left of it, its lookaheads right, and one
    character more on the right is seen by $ and \\b at its end (a search's endpos cuts what they see; what lies
    before a search's start is seen as it is). Narrower than search_radius on both sides (which adds every
    lookaround and the trigger's own length to either), and often bounded on one side where it is not."""
    try:
        from re import _constants as c
    except ImportError:  # Python < 3.11
        import sre_constants as c  # type: ignore[no-redef]
    try:
        tree = parsed(regex.pattern, regex.flags)
        widest = tree.getwidth()[1]
        behind, ahead = _lookaround_width(tree, c, ahead=False), _lookaround_width(tree, c, behind=False)
    except Exception:  # noqa: BLE001 (a parser difference only loses the narrower window)
        return None
    left, right = widest + behind, widest + ahead + 1
    if left >= _UNBOUNDED and right >= _UNBOUNDED:
        return None
    return (left if left < _UNBOUNDED else None), (right if right < _UNBOUNDED else None)


def _lookaround_width(node, c, *, behind: bool = True, ahead: bool = True) -> int:
    """The summed widths of every lookaround inside a parsed node (nested ones too; behind/ahead: of that kind)."""
    total = 0
    for op, av in node:
        if op is c.GROUPREF or op is c.GROUPREF_EXISTS:
            return _UNBOUNDED  # a back reference: its width is not known here
        if op in (c.ASSERT, c.ASSERT_NOT) and (behind if av[0] < 0 else ahead):
            total += av[1].getwidth()[1]
        for part in av if isinstance(av, (tuple, list)) else ():
            for sub in part if isinstance(part, list) else (part,):
                if hasattr(sub, "getwidth"):  # a parsed subpattern
                    total += _lookaround_width(sub, c, behind=behind, ahead=ahead)
    return total


def lookaround_sees_line_breaks(regex: re.Pattern) -> bool:
    """Whether a lookaround of regex may match text holding a line break (a negated class, \\s, ., a break
    itself), or it has \\A or \\Z. A regex sees one line: searched inside the whole text, such a lookbehind at a
    line's start (a lookahead at its end) would see the break and the line beyond it, where the line alone has
    nothing; any other lookaround decides the same either way (what it needs cannot hold the break). True when
    unsure."""
    try:
        from re import _constants as c
    except ImportError:  # Python < 3.11
        import sre_constants as c  # type: ignore[no-redef]
    try:
        return _sees_breaks(list(parsed(regex.pattern, regex.flags)), c, inside=False)
    except Exception:  # noqa: BLE001 (it compiled; a parser difference only costs speed)
        return True


def consumes_line_breaks(regex: re.Pattern) -> bool:
    """Whether a match of regex may hold a line break (an element outside its lookarounds may match one: a negated
    class, \\s, ., a break itself, a back reference). A regex searched over several lines (patterns.py joins the
    windows of its triggers) finds such a match across a break, and the lines it spans are searched again alone;
    any other regex finds in each line what it finds in that line alone. True when unsure."""
    try:
        from re import _constants as c
    except ImportError:  # Python < 3.11
        import sre_constants as c  # type: ignore[no-redef]
    try:
        return _consumes_breaks(list(parsed(regex.pattern, regex.flags)), c)
    except Exception:  # noqa: BLE001 (it compiled; a parser difference only costs speed)
        return True


def _consumes_breaks(sequence, c) -> bool:
    for op, av in sequence:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # consumes nothing (what a lookaround sees: lookaround_sees_line_breaks)
        if op is c.SUBPATTERN:
            parts = [av[3]]
        elif op is c.BRANCH:
            parts = av[1]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            parts = [av[2]]
        elif op is getattr(c, "ATOMIC_GROUP", None):
            parts = [av]
        elif op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            if _may_match_break(op, av, c):
                return True
            continue
        else:
            return True  # a back reference, a conditional group, a construct not looked into here
        if any(_consumes_breaks(list(part), c) for part in parts):
            return True
    return False


def _sees_breaks(sequence, c, *, inside: bool) -> bool:
    for op, av in sequence:
        if op in (c.ASSERT, c.ASSERT_NOT):
            if _sees_breaks(list(av[1]), c, inside=True):
                return True
        elif op is c.AT and av in (c.AT_BEGINNING_STRING, c.AT_END_STRING):
            return True
        elif inside and _may_match_break(op, av, c):
            return True
        elif op is c.SUBPATTERN:
            if _sees_breaks(list(av[3]), c, inside=inside):
                return True
        elif op is c.BRANCH:
            if any(_sees_breaks(list(alternative), c, inside=inside) for alternative in av[1]):
                return True
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            if _sees_breaks(list(av[2]), c, inside=inside):
                return True
        elif op is getattr(c, "ATOMIC_GROUP", None):
            if _sees_breaks(list(av), c, inside=inside):
                return True
        elif op is c.GROUPREF_EXISTS:
            if any(branch is not None and _sees_breaks(list(branch), c, inside=inside) for branch in av[1:]):
                return True
        elif op not in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY, c.AT, c.GROUPREF):
            return True  # a construct not looked into here
    return False


def _may_match_break(op, av, c) -> bool:
    """Whether one element (of a lookaround) may itself match a line break (groups are looked into)."""
    if op is c.LITERAL:
        return av == 10
    if op is c.NOT_LITERAL:
        return av != 10
    if op is c.ANY:
        return True  # under (?s) it does
    if op is c.IN:
        negate, holds = False, False
        for item, value in av:
            if item is c.NEGATE:
                negate = True
            elif item is c.LITERAL:
                holds = holds or value == 10
            elif item is c.RANGE:
                holds = holds or value[0] <= 10 <= value[1]
            elif item is c.CATEGORY:
                holds = holds or value in (c.CATEGORY_SPACE, c.CATEGORY_NOT_DIGIT, c.CATEGORY_NOT_WORD,
                                           c.CATEGORY_LINEBREAK)
            else:
                return True
        return holds != negate
    if op is c.GROUPREF:
        return True
    return False
