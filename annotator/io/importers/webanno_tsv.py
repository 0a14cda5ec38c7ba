"""WebAnno TSV 3.x (INCEpTION's and WebAnno's TSV export; the format's rules: io/exporters/webanno_format.py):
one file is one document.

The text is rebuilt as INCEpTION rebuilds it: each sentence's `#Text=` lines joined by line breaks, placed at its
first token's offset (directly after the sentence before, which then loses its closing line break, or after
spaces that fill a gap). Entities are read from the named-entity layer (`...ner.type.NamedEntity`, label =
its `value`) and from custom span layers (label = the feature chosen with `--webanno-label LAYER=FEATURE`, else
one named value/label/tag/type/category, else its first feature; a layer without features gives its own short
name); a span covers its units (tokens and sub-tokens) from the first to the last that carry it, multi-unit and
stacked ones joined by their `[N]` ids. Relations come from relation layers whose base type (`BT_`) is such a span
layer: head = the relation's source (governor), tail = its target (dependent); label as for spans. Linguistic
layers (POS, lemma, dependency, chunks), chains (coreference) and slot features are reported once per file as not
imported. Offsets are UTF-16 units (Java); a file whose offsets fit the text only as code points (written by a
tool that counts them so) is read as such, and said. Every token line's text is checked against the rebuilt text:
a unit whose offsets do not hold its token is reported and the spans on it are left out. A problem costs only its
line (or its annotation); problems name FILE:LINE.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.core.offsets import OffsetMap, utf16_length
from annotator.io.exporters import webanno_format as tsv
from annotator.io.importers.base import ImportProblem, ParsedItem, file_fields, first_line_title, origin

FORMAT = "webanno"
FIXED_LABELS: tuple[str, ...] = ()
SENTENCE_DATASET = False
UNDECODABLE = "replace"

LABEL_FEATURE_NAMES = ("value", "label", "tag", "type", "category")  # a custom layer's label feature, by name
LINGUISTIC_PREFIX = "de.tudarmstadt.ukp.dkpro.core.api."  # DKPro Core's own types: POS, Lemma, Dependency, ...
CHECKED_TOKENS = 2_000  # token lines checked against the text beside those that carry annotations
MAX_LISTED = 5  # lines named in one message before "and N more"
MAX_GAP = 100_000  # spaces put between two sentences at most (a gap is the whitespace between them)
_UNIT_ID = re.compile(r"^(\d{1,9})-(\d{1,9})(?:\.(\d{1,9}))?$")
_OFFSETS = re.compile(r"^(\d{1,12})-(\d{1,12})$")
_SOURCE_REF = re.compile(r"^(\d{1,9})_(\d{1,9})$")

# The label feature of a layer, chosen by the user (layer name or short name -> feature), for one import run.
_CHOSEN: ContextVar[Mapping[str, str]] = ContextVar("webanno_label_features", default={})


@contextmanager
def label_features(choices: Mapping[str, str]):
    """Within the block, span and relation layers take their labels from these features (`{"Span": "kind"}`)."""
    token = _CHOSEN.set(dict(choices))
    try:
        yield
    finally:
        _CHOSEN.reset(token)


def parse_choice(text: str) -> tuple[str, str]:
    """"LAYER=FEATURE" -> (layer, feature); ValueError says what is wrong."""
    layer, sep, feature = text.partition("=")
    if not sep or not layer.strip() or not feature.strip():
        raise ValueError(f"{text!r}: expected LAYER=FEATURE, e.g. webanno.custom.Span=kind")
    return layer.strip(), feature.strip()


def sniff(head: str) -> bool:
    return head.lstrip("\ufeff").startswith(tsv.FORMAT_PREFIX + tsv.FORMAT_NAME)


@dataclass(slots=True)
class _Layer:
    name: str
    kind: str  # "span", "relation", "chain"
    line: int
    features: list[str] = field(default_factory=list)  # primitive features, in column order
    columns: list[tuple[str, str]] = field(default_factory=list)  # (column kind, feature) in order
    base: str = ""  # a relation layer's span type
    label: str | None = None  # the feature labels come from; None: the layer's short name
    imported: bool = False


@dataclass(slots=True)
class _Annotation:
    layer: _Layer
    line: int  # of its first unit
    begin: int  # raw offsets (UTF-16 units, or code points when the file counts them)
    end: int
    units: list = field(default_factory=list)  # the units that carry it
    values: dict[str, str | None] = field(default_factory=dict)  # feature -> value (None: `*`)
    source: tuple[str, int] | None = None  # a relation's (source unit id, source disambiguation id)
    target: int = 0  # a relation's target disambiguation id
    unit: "_Unit | None" = None  # a relation's target unit


@dataclass(slots=True)
class _Unit:
    uid: str
    line: int
    begin: int
    end: int
    text: str
    annotations: dict[str, list[_Annotation]] = field(default_factory=dict)  # layer -> stacked, in order


@dataclass(slots=True)
class _Sentence:
    line: int
    parts: list[str] = field(default_factory=list)
    begin: int | None = None  # its first token's begin offset
    tokens: int = 0


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.problems: list[ImportProblem] = []
        self.minor = 3
        self.layers: list[_Layer] = []
        self.columns: list[tuple[_Layer, str, str]] = []  # (layer, column kind, feature) after the token text
        self.sentences: list[_Sentence] = []
        self.units: dict[str, _Unit] = {}
        self.checked: list[_Unit] = []  # units whose token text is checked against the rebuilt text
        self.spans: list[_Annotation] = []
        self.relations: list[_Annotation] = []
        self.by_id: dict[int, _Annotation] = {}
        self.state = "format"
        self.token: _Unit | None = None
        self.unvalued: dict[str, list[int]] = {}  # layer -> [first line, count] of annotations without a label value

    def problem(self, line: int, message: str) -> None:
        self.problems.append(ImportProblem(line, message))

    # the lines ---------------------------------------------------------------------------------------
    def feed(self, n: int, line: str) -> bool:
        """Read one line; False when the file cannot be read on."""
        if self.state == "format":
            version = tsv.format_version(line.lstrip("\ufeff"))
            if version is None or version[0] != tsv.FORMAT_NAME or version[1] != 3:
                found = f"{line[:40]!r}" if version is None else f"{version[0]} {version[1]}.{version[2]}"
                self.problem(n, f"not WebAnno TSV 3.x (the first line is {found}; INCEpTION writes"
                                " '#FORMAT=WebAnno TSV 3.3'); file skipped")
                return False
            self.minor = version[2]
            self.state = "header"
            return True
        if self.state == "header":
            if line.startswith((tsv.SPAN_PREFIX, tsv.RELATION_PREFIX, tsv.CHAIN_PREFIX)):
                self.declare(n, line)
                return True
            self.state = "body"
            self.settle_layers()
        if not line.strip():
            if self.token is not None:
                self.token = None  # the sentence ended
            return True
        if line.startswith("#"):
            if line.startswith((tsv.SPAN_PREFIX, tsv.RELATION_PREFIX, tsv.CHAIN_PREFIX)):
                self.problem(n, "layer declaration after the header; ignored")
                return True
            if self.token is not None or not self.sentences or self.sentences[-1].tokens:
                self.sentences.append(_Sentence(n))
                self.token = None
            if line.startswith(tsv.TEXT_PREFIX):
                self.sentences[-1].parts.append(tsv.unescape_text(line[len(tsv.TEXT_PREFIX):], self.minor))
            return True  # #Sentence.id= and other sentence header lines
        self.unit_line(n, line)
        return True

    def declare(self, n: int, line: str) -> None:
        kind = {tsv.SPAN_PREFIX: "span", tsv.RELATION_PREFIX: "relation", tsv.CHAIN_PREFIX: "chain"}[line[:6]]
        fields = [f for f in line[6:].split("|") if f]  # as StringUtils.split: empty fields dropped
        if not fields:
            self.problem(n, "layer declaration without a type name; ignored")
            return
        layer = _Layer(fields[0], kind, n)
        rest = fields[1:]
        i = 0
        while i < len(rest):
            decl = rest[i]
            if kind == "span" and decl.startswith(tsv.ROLE_PREFIX):
                layer.columns.append(("slot_role", decl))
                if i + 1 < len(rest):  # its target type
                    layer.columns.append(("slot_target", rest[i + 1]))
                    i += 1
            elif kind == "relation" and decl.startswith(tsv.BASE_TYPE_PREFIX):
                layer.columns.append(("ref", ""))
                layer.base = decl[len(tsv.BASE_TYPE_PREFIX):]
            elif kind == "chain":
                layer.columns.append(("chain", decl))
            else:
                layer.columns.append(("feature", decl))
                layer.features.append(decl)
            i += 1
        if not rest:
            layer.columns.append(("placeholder", ""))
        if kind == "relation" and not layer.base:
            self.problem(n, f"relation layer {layer.name} has no BT_ column (its base type); its relations are"
                            " not imported")
        self.layers.append(layer)
        self.columns.extend((layer, col_kind, feat) for col_kind, feat in layer.columns)

    def settle_layers(self) -> None:
        """Which layers are read and which feature gives their labels; the others said once."""
        chosen = _CHOSEN.get()
        spans_read = set()
        for layer in self.layers:
            if layer.kind == "chain":
                self.problem(layer.line, f"chain layer {layer.name} (coreference) is not imported")
                continue
            pick = chosen.get(layer.name) or chosen.get(tsv.short_name(layer.name))
            if layer.kind == "span":
                custom = not layer.name.startswith(LINGUISTIC_PREFIX)
                if not (layer.name == tsv.NAMED_ENTITY or custom or pick):
                    self.problem(layer.line, f"span layer {tsv.short_name(layer.name)} ({layer.name}) is not imported:"
                                             " named entities and custom span layers are (another with"
                                             " --webanno-label LAYER=FEATURE)")
                    continue
                if any(kind.startswith("slot") for kind, _ in layer.columns):
                    self.problem(layer.line, f"the slot features of {layer.name} are not imported")
            elif layer.base not in {s.name for s in self.layers if s.kind == "span"} or not layer.base:
                continue  # said when the relations are read
            layer.label = self.label_feature(layer, pick)
            layer.imported = True
            if layer.kind == "span":
                spans_read.add(layer.name)
        for layer in self.layers:
            if layer.kind == "relation" and layer.base and layer.base not in spans_read:
                layer.imported = False
                self.problem(layer.line, f"relation layer {tsv.short_name(layer.name)} links"
                                         f" {tsv.short_name(layer.base)} annotations, which are not imported;"
                                         " its relations are not imported")

    def label_feature(self, layer: _Layer, pick: str | None) -> str | None:
        if pick:
            if pick in layer.features:
                return pick
            self.problem(layer.line, f"layer {layer.name} has no feature {pick!r}"
                                     f" (it has: {', '.join(layer.features) or 'none'})")
        if layer.name == tsv.NAMED_ENTITY and tsv.NAMED_ENTITY_FEATURE in layer.features:
            return tsv.NAMED_ENTITY_FEATURE
        for name in LABEL_FEATURE_NAMES:
            for feature in layer.features:
                if feature.lower() == name:
                    return feature
        return layer.features[0] if layer.features else None

    def unit_line(self, n: int, line: str) -> None:
        fields = line.split("\t")
        if not self.sentences or len(fields) < 3:
            self.bad(n, "a token line outside a sentence (no #Text line before it)" if not self.sentences
                     else "not a token line (ID<TAB>BEGIN-END<TAB>TOKEN...)")
            return
        uid, offsets = _UNIT_ID.match(fields[0]), _OFFSETS.match(fields[1])
        if uid is None or offsets is None:
            self.bad(n, f"cannot read the unit id {fields[0][:20]!r} or offsets {fields[1][:30]!r}")
            return
        begin, end = int(offsets.group(1)), int(offsets.group(2))
        if end < begin:
            self.bad(n, f"offsets {begin}-{end} end before they begin")
            return
        sentence = self.sentences[-1]
        unit = _Unit(fields[0], n, begin, end, fields[2])
        if uid.group(3) is None:
            if sentence.tokens == 0:
                sentence.begin = begin
            sentence.tokens += 1
            self.token = unit
        elif self.token is None:
            self.bad(n, f"sub-token {fields[0]} without its token line before it")
            return
        elif not self.token.begin <= begin <= end <= self.token.end:
            self.bad(n, f"sub-token {fields[0]} ({begin}-{end}) is not inside its token"
                        f" ({self.token.begin}-{self.token.end})")
            return
        if fields[0] in self.units:
            self.bad(n, f"unit {fields[0]} appears twice; the second is skipped")
            return
        self.units[fields[0]] = unit
        if len(fields) < 3 + len(self.columns):
            self.problem(n, f"{len(fields)} fields where the header declares {3 + len(self.columns)};"
                            " the line's annotations are skipped")
        else:
            self.annotations(unit, fields[3:3 + len(self.columns)])
        if unit.annotations or len(self.checked) < CHECKED_TOKENS:
            self.checked.append(unit)

    def bad(self, n: int, message: str) -> None:
        self.problem(n, f"{message}; line skipped")

    def annotations(self, unit: _Unit, values: list[str]) -> None:
        for (layer, kind, feature), raw in zip(self.columns, values):
            if raw == tsv.NULL_COLUMN or not layer.imported or kind in ("slot_role", "slot_target", "chain"):
                continue
            stacked = unit.annotations.setdefault(layer.name, [])
            for k, value in enumerate(tsv.STACK_SPLIT.split(raw)):
                value, suffix = tsv.split_suffix(value)
                if k < len(stacked):
                    annotation = stacked[k]
                elif layer.kind == "span":
                    annotation = self.span_at(unit, layer, suffix)
                    if annotation is None:
                        continue
                    stacked.append(annotation)
                else:
                    annotation = _Annotation(layer, unit.line, unit.begin, unit.end, [unit], unit=unit)
                    self.relations.append(annotation)
                    stacked.append(annotation)
                if kind == "ref":
                    self.reference(unit, annotation, value, suffix)
                elif kind == "feature":
                    annotation.values[feature] = None if value == tsv.NULL_VALUE else tsv.unescape_value(value)
            if not stacked:
                del unit.annotations[layer.name]

    def span_at(self, unit: _Unit, layer: _Layer, suffix: str | None) -> _Annotation | None:
        ident = None
        if suffix is not None:
            if not suffix.isdigit() or len(suffix) > 9:
                self.problem(unit.line, f"{layer.name}: cannot read the id [{suffix[:20]}]; annotation skipped")
                return None
            ident = int(suffix)
            known = self.by_id.get(ident)
            if known is not None:  # a unit more of a multi-unit annotation
                if known.layer is not layer:
                    self.problem(unit.line, f"id [{ident}] belongs to a {known.layer.name} annotation, not"
                                            f" {layer.name}; annotation skipped")
                    return None
                known.end = unit.end
                known.units.append(unit)
                return known
        annotation = _Annotation(layer, unit.line, unit.begin, unit.end, [unit])
        if ident is not None:
            self.by_id[ident] = annotation
        self.spans.append(annotation)
        return annotation

    def reference(self, unit: _Unit, relation: _Annotation, value: str, suffix: str | None) -> None:
        source_id = target_id = 0
        if suffix is not None:
            m = _SOURCE_REF.match(suffix)
            if m is None:
                self.problem(unit.line, f"relation source {value}[{suffix[:20]}]: expected [SOURCE_TARGET] ids;"
                                        " relation skipped")
                return
            source_id, target_id = int(m.group(1)), int(m.group(2))
        relation.source = (value, source_id)
        relation.target = target_id

    # the document ------------------------------------------------------------------------------------
    def document(self) -> NewDocument | None:
        if self.state != "body" or not self.sentences:
            self.problem(0, "no sentence (#Text= lines) in the file; nothing imported")
            return None
        rebuilt = self.rebuild(utf16=True)
        if rebuilt is None:
            return None
        text, starts = rebuilt
        offsets = OffsetMap(text)
        to_text = offsets.to_codepoint
        wrong = self.mismatched(text, to_text)
        if wrong and offsets.has_astral:
            as_points = self.rebuild(utf16=False, quiet=True)
            if as_points is not None and not self.mismatched(as_points[0], int):
                text, starts = as_points
                to_text, wrong = int, []
                self.problem(0, "offsets count code points, not UTF-16 units as INCEpTION writes them (a text with"
                                " emoji or rare Hanja); read as code points")
        if not text.strip():
            self.problem(0, "the text is empty; nothing imported")
            return None
        if wrong:
            lines = sorted(u.line for u in wrong)
            shown = ", ".join(map(str, lines[:MAX_LISTED])) + (f" and {len(lines) - MAX_LISTED} more"
                                                                if len(lines) > MAX_LISTED else "")
            self.problem(lines[0], f"the offsets of {len(lines)} token line(s) do not hold their token in the"
                                   f" text rebuilt from the #Text lines (lines {shown}); their annotations are"
                                   " skipped")
        broken = {id(u) for u in wrong}
        spans, index = self.new_spans(to_text, broken)
        relations = self.new_relations(index)
        self.say_unvalued()
        name, stem, folder = file_fields(self.path)
        return NewDocument(text=text, title=first_line_title(text), source=folder, ext_id=stem,
                           meta={"file": name, "format": "webanno-tsv", "sentences": len(starts)},
                           spans=spans, relations=relations, origin=origin(self.path, 1))

    def rebuild(self, *, utf16: bool, quiet: bool = False) -> tuple[str, list[int]] | None:
        """The text from the #Text lines placed at their first tokens' offsets, as INCEpTION does, and where
        each sentence starts; None (said) when a sentence would start inside the one before."""
        width = utf16_length if utf16 else len
        parts: list[str] = []
        length = 0
        starts = []
        for sentence in self.sentences:
            body = "\n".join(sentence.parts) + "\n"
            begin = length if sentence.begin is None else sentence.begin
            if sentence.begin is None and not quiet:
                self.problem(sentence.line, "sentence without a token line; placed after the one before")
            if length > begin:
                if length == begin + 1 and parts and parts[-1].endswith("\n"):
                    parts[-1] = parts[-1][:-1]  # no gap: the sentence before loses its closing line break
                    length -= 1
                else:
                    if not quiet:
                        self.problem(sentence.line, f"the sentence's first token starts at {begin}, inside the text"
                                                    f" before it (which ends at {length - 1}); file skipped")
                    return None
            if begin - length > MAX_GAP:
                if not quiet:
                    self.problem(sentence.line, f"the sentence's first token starts at {begin}, {begin - length}"
                                                f" characters past the text before it; file skipped")
                return None
            if length < begin:
                parts.append(" " * (begin - length))  # INCEpTION fills a gap between sentences with spaces
                length = begin
            starts.append(length)
            parts.append(body)
            length += width(body)
        text = "".join(parts)
        return text[:-1], starts  # the last sentence's closing line break is the format's, not the text's

    def mismatched(self, text: str, to_text) -> list[_Unit]:
        out = []
        n = len(text)
        for unit in self.checked:
            start, end = to_text(unit.begin), to_text(unit.end)
            if not (0 <= start <= end <= n and text[start:end] == unit.text):
                out.append(unit)
        return out

    def new_spans(self, to_text, broken: set[int]) -> tuple[list[NewSpan], dict[int, int]]:
        spans: list[NewSpan] = []
        index: dict[int, int] = {}  # id(annotation) -> its place in spans
        for a in self.spans:
            if any(id(u) in broken for u in a.units):
                continue  # said with the token lines
            label = self.label(a)
            start, end = to_text(a.begin), to_text(a.end)
            if start >= end:
                self.problem(a.line, f"zero-width {tsv.short_name(a.layer.name)} annotation {label!r} at {start};"
                                     " skipped (an entity covers at least one character)")
                continue
            index[id(a)] = len(spans)
            spans.append(NewSpan(start, end, label, a.line))
        return spans, index

    def label(self, a: _Annotation) -> str:
        """The value of the layer's label feature; an annotation without one (`*`, as INCEpTION allows) is
        labelled with the layer's short name (counted, said once per layer)."""
        value = a.values.get(a.layer.label) if a.layer.label is not None else None
        if value is not None and value.strip():
            return value.strip()
        if a.layer.label is not None:
            if a.layer.name not in self.unvalued:
                self.unvalued[a.layer.name] = [a.line, 0]
            self.unvalued[a.layer.name][1] += 1
        return tsv.short_name(a.layer.name)

    def say_unvalued(self) -> None:
        for name, (line, count) in self.unvalued.items():
            layer = next(x for x in self.layers if x.name == name)
            self.problem(line, f"{count} {tsv.short_name(name)} annotation(s) without a value in their"
                               f" {layer.label!r} feature: labelled {tsv.short_name(name)!r}")

    def new_relations(self, index: dict[int, int]) -> list[NewRelation]:
        relations = []
        for rel in self.relations:
            if rel.source is None:
                continue  # said when read
            layer = rel.layer
            head = self.resolve(layer, rel.source[0], rel.source[1], rel.line)
            tail = self.resolve(layer, rel.unit.uid, rel.target, rel.line)
            if head is None or tail is None:
                continue
            label = self.label(rel)
            if id(head) not in index or id(tail) not in index:
                self.problem(rel.line, f"relation {label!r} links an annotation that was not imported; skipped")
                continue
            relations.append(NewRelation(index[id(head)], index[id(tail)], label, rel.line))
        return relations

    def resolve(self, layer: _Layer, uid: str, ident: int, line: int) -> _Annotation | None:
        if ident > 0:
            found = self.by_id.get(ident)
            if found is None or found.layer.name != layer.base:
                self.problem(line, f"relation refers to id [{ident}], which no {tsv.short_name(layer.base)}"
                                   " annotation has; skipped")
                return None
            return found
        unit = self.units.get(uid)
        stacked = unit.annotations.get(layer.base) if unit is not None else None
        if not stacked:
            self.problem(line, f"relation refers to unit {uid[:20]}, which holds no {tsv.short_name(layer.base)}"
                               " annotation; skipped")
            return None
        return stacked[0]


def parse(path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]:
    reader = _Reader(Path(path))
    for n, line in enumerate(lines, 1):
        if not reader.feed(n, line):
            break
    else:
        doc = reader.document()
        yield from reader.problems
        if doc is not None:
            yield doc
        return
    yield from reader.problems
