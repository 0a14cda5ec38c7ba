"""Label Studio's "JSON" export: a list of tasks, each one document with its annotators' labels.

    [{"id": 7, "data": {"text": "김철수 부산시장은 ..."},
      "annotations": [{"completed_by": 1, "was_cancelled": false, "result": [
          {"id": "a1", "type": "labels", "value": {"start": 0, "end": 3, "text": "김철수", "labels": ["PERSON"]}},
          {"id": "a2", "type": "labels", "value": {"start": 4, "end": 7, "text": "부산시", "labels": ["LOC"]}},
          {"type": "relation", "from_id": "a1", "to_id": "a2", "labels": ["belongs_to"]}]}],
      "predictions": [{"model_version": "ner-v2", "score": 0.8, "result": [
          {"id": "p1", "type": "labels", "value": {"start": 0, "end": 3, "score": 0.93, "text": "김철수",
                                                   "labels": ["PERSON"]}}]}]}, ...]

The text is data.text (or data's only string). Of a task's annotations ("completions" before Label Studio 1.0)
the first that was not cancelled is imported (a document takes one import layer); other ones and results that are not text labels or relations are
reported, not dropped silently. Predictions (a model's pre-annotations, Label Studio's documented shape since
1.x: guide/predictions, "Import span pre-annotations for text") become suggestions, never labels: source
"label_studio:" + the prediction's model_version, score the region's value.score, else the prediction's score,
else MISSING_SCORE, clamped to [0, 1]; predicted relations between predicted regions become predicted relations
(core.suggestions.PredictedRelation: score the prediction's, else its less sure end's), relation suggestions once a
reviewer's layer holds both ends (store/relation_suggestions.py). Label Studio counts offsets in JavaScript
string units (UTF-16): in a text with emoji or rare Hanja they are read as UTF-16 and moved to code points,
checked against value.text (offsets that hold it only as code points, as some converters write them, are taken
as they are), for annotations and predictions alike. Each bad task costs only itself;
problems name FILE:LINE of the task.
"""

from __future__ import annotations

from itertools import starmap
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.core.offsets import OffsetMap
from annotator.core.suggestions import PredictedRelation, Suggestion
from annotator.io.importers.base import ImportProblem, ParsedItem, first_line_title, origin, storable_name
from annotator.io.importers.jsonl import _decoder, _json_error, _walk_array
from annotator.io.importers.jsonl_labels import shift_for_newlines

FORMAT = "label_studio"
FIXED_LABELS: tuple[str, ...] = ()
SENTENCE_DATASET = False
_TEXT_RESULTS = ("labels", "hypertextlabels")
SOURCE_PREFIX = "label_studio:"  # + model_version: the suggestions' source (core.suggestions.source_family)
FAMILY = "label_studio"
UNVERSIONED = "prediction"  # the model_version of a prediction that names none
MISSING_SCORE = 0.5  # a prediction with no score of its own or its region's: neither trusted nor doubted


def sniff(head: str) -> bool:
    start = head.lstrip()[:1]
    return start in ("[", "{") and '"data"' in head and any(f'"{key}"' in head for key in (
        "annotations", "predictions", "completions"))


def one_value(path: Path) -> bool:
    """An export is one JSON value, often on one line: the runner does not cut its lines."""
    return True


def parse(path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]:
    text = "\n".join(lines)
    stripped = text.lstrip()
    if not stripped:  # no tasks: said as for any empty file, not as "invalid JSON"
        return
    if stripped.startswith("["):
        yield from _walk_array(path, text, items=task_items, unit="task")
        return
    first = 1 + len(text) - len(text.lstrip("\n"))
    try:
        task = _decoder.decode(text)
    except (ValueError, RecursionError) as exc:
        yield ImportProblem(getattr(exc, "lineno", 1), f"{_json_error(exc)}; file skipped")
        return
    yield from task_items(path, first, task, "task")


def task_items(path: Path, line: int, task: Any, unit: str = "task") -> Iterator[ParsedItem]:
    """One task as a document (or the problems that keep it out); any unexpected shape costs only this task."""
    try:
        yield from _task(path, line, task)
    except (RecursionError, ValueError, TypeError, AttributeError) as exc:
        yield ImportProblem(line, f"task cannot be read ({type(exc).__name__}: {str(exc)[:100]}); {unit} skipped")


def _task(path: Path, line: int, task: Any) -> Iterator[ParsedItem]:
    if not isinstance(task, dict):
        yield ImportProblem(line, f"expected a task object, got {type(task).__name__}; task skipped")
        return
    data = task.get("data")
    if not isinstance(data, dict):
        yield ImportProblem(line, "task has no \"data\" object; task skipped")
        return
    text = data.get("text")
    if not isinstance(text, str):
        strings = [v for v in data.values() if isinstance(v, str)]
        if len(strings) != 1:
            yield ImportProblem(line, "task has no data.text string; task skipped")
            return
        text = strings[0]
    if not text.strip():
        yield ImportProblem(line, "task has an empty text; task skipped")
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        yield ImportProblem(line, "text holds an unpaired UTF-16 surrogate escape (not valid Unicode); task skipped")
        return
    if "\x00" in text:
        text = text.replace("\x00", " ")
        yield ImportProblem(line, "NUL characters in the text replaced with spaces")
    spans: list[tuple[int, int, str]] = []
    relations: list[tuple[int, int, str]] = []
    for message in _shape_problems(task):
        yield ImportProblem(line, message)
    annotations = [a for a in _list(_annotations(task)) if isinstance(a, dict) and not a.get("was_cancelled")]
    if annotations:
        for message in _read_result(text, _list(annotations[0].get("result")), spans, relations):
            yield ImportProblem(line, message)
        if len(annotations) > 1:
            by = sorted({str(a.get("completed_by")) for a in annotations[1:] if a.get("completed_by") is not None})
            yield ImportProblem(line, f"{len(annotations) - 1} more annotation(s){' by ' + ', '.join(by) if by else ''}"
                                      " not imported (a document takes one import layer; the first is kept)")
    suggestions: list[tuple[int, int, str, str, float, str]] = []
    predicted: list[tuple[int, int, str, str, float]] = []
    for message in _read_predictions(text, _list(task.get("predictions")), suggestions, predicted):
        yield ImportProblem(line, message)
    if "\r" in text:
        text, moved = shift_for_newlines(text, spans + [(s, e, label) for s, e, label, *_ in suggestions])
        spans = moved[:len(spans)]
        suggestions = [(s, e, *rest) for (s, e, _), (_, _, *rest) in zip(moved[len(spans):], suggestions)]
    meta = {"dataset": "label-studio", "file": storable_name(Path(path).name)}
    for key in ("project", "inner_id"):
        if isinstance(task.get(key), (int, str)) and not isinstance(task.get(key), bool):
            meta[key] = task[key]
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    url = data.get("url") if isinstance(data.get("url"), str) else ""
    ext_id = task.get("id")
    yield NewDocument(
        text=text,
        title=(title.strip() or first_line_title(text))[:200],
        source=storable_name(Path(path).stem),
        url=url,
        ext_id=None if ext_id is None or isinstance(ext_id, (dict, list)) else str(ext_id),
        meta=meta,
        spans=list(starmap(NewSpan, spans)),
        relations=list(starmap(NewRelation, relations)),
        origin=origin(path, line),
        suggestions=[Suggestion(*item) for item in suggestions if item[0] < item[1]],
        relation_suggestions=[PredictedRelation(tuple(suggestions[h][:3]), tuple(suggestions[t][:3]), label, source,
                                                score) for h, t, label, source, score in predicted
                              if suggestions[h][0] < suggestions[h][1] and suggestions[t][0] < suggestions[t][1]],
    )


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _annotations(task: dict) -> Any:
    """The task's annotations: "completions" in exports of Label Studio before 1.0, the same shape."""
    return task["annotations"] if "annotations" in task else task.get("completions")


def _shape_problems(task: dict) -> Iterator[str]:
    """What of a task's labels has a shape no Label Studio writes: said, as it costs those labels (it was silent)."""
    annotations = _annotations(task)
    for key, value in (("annotations" if "annotations" in task else "completions", annotations),
                       ("predictions", task.get("predictions"))):
        if value is not None and not isinstance(value, list):
            yield f'"{key}" is not a list ({type(value).__name__}); its labels are not imported'
        elif value:
            for n, entry in enumerate(value, 1):
                if not isinstance(entry, dict):
                    yield f"{key[:-1]} {n} is not an object ({type(entry).__name__}); skipped"
                elif entry.get("result") is not None and not isinstance(entry["result"], list):
                    yield f'{key[:-1]} {n}: "result" is not a list; its labels are not imported'


def _read_predictions(text: str, predictions: list, suggestions: list, predicted: list | None = None
                      ) -> Iterator[str]:
    """Fill suggestions ((start, end, label, source, score, detail)) from a task's predictions, and predicted
    ((head, tail: indexes into suggestions), type, source, score) with their predicted relations; yields a message
    for each thing left out or changed."""
    clamped = 0
    for p, prediction in enumerate(predictions, 1):
        if not isinstance(prediction, dict):
            yield f"prediction {p} is not an object; skipped"
            continue
        version = prediction.get("model_version")
        version = str(version).strip() if isinstance(version, (str, int)) and not isinstance(version, bool) else ""
        source = SOURCE_PREFIX + (version or UNVERSIONED)
        overall = _score(prediction.get("score"))
        spans: list = []
        values: list = []
        relations: list = []
        for message in _read_result(text, _list(prediction.get("result")), spans, relations, values):
            yield f"prediction {p}: {message}"
        placed: dict[int, int] = {}  # index in this prediction's spans -> index in suggestions
        for n, ((start, end, label), (value, result_id)) in enumerate(zip(spans, values)):
            if not 0 <= start < end <= len(text):
                yield f"prediction {p}: span {start}-{end} ({label}) is empty or outside the text; skipped"
                continue
            score = _score(value.get("score"))
            score = score if score is not None else overall if overall is not None else MISSING_SCORE
            if not 0.0 <= score <= 1.0:
                score = min(1.0, max(0.0, score))
                clamped += 1
            placed[n] = len(suggestions)
            suggestions.append((start, end, label, source, score, result_id))
        for head, tail, label in relations:
            if head not in placed or tail not in placed:
                yield f"prediction {p}: predicted relation {label!r} links a region left out; skipped"
                continue
            h, t = placed[head], placed[tail]
            # as sure as the prediction says, else as its less sure end
            score = min(1.0, max(0.0, overall)) if overall is not None else min(suggestions[h][4], suggestions[t][4])
            if predicted is not None:
                predicted.append((h, t, label, source, score))
    if clamped:
        yield f"{clamped} prediction score(s) outside [0, 1] clamped to it"


def _score(value: Any) -> float | None:
    """A score given as a JSON number (None: none given, or not a number); clamped later."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:  # NaN
        return None
    try:
        return float(value)
    except OverflowError:  # an integer of hundreds of digits
        return 1.0 if value > 0 else 0.0


def _read_result(text: str, result: list, spans: list, relations: list, values: list | None = None
                 ) -> Iterator[str]:
    """Fill spans and relations from an annotation's (or a prediction's) result; yields a message for each item
    left out. values: filled with (value object, result id as text) of each span kept, in step with spans."""
    by_id: dict[Any, int] = {}
    offsets: OffsetMap | None = None
    skipped: dict[str, int] = {}
    pending_relations = []
    for n, item in enumerate(result, 1):
        if not isinstance(item, dict):
            yield f"result {n} is not an object; skipped"
            continue
        kind = item.get("type")
        if kind == "relation":
            pending_relations.append((n, item))
            continue
        if kind not in _TEXT_RESULTS:
            skipped[str(kind)] = skipped.get(str(kind), 0) + 1
            continue
        value = item.get("value")
        if not isinstance(value, dict):
            yield f"result {n} has no \"value\" object; span skipped"
            continue
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if not (type(start) is int and type(end) is int):
            yield f"result {n}: offsets {start!r}, {end!r} are not integers; span skipped"
            continue
        if not isinstance(labels, list) or not labels or not all(isinstance(x, str) and x.strip() for x in labels):
            yield f"result {n}: \"labels\" is not a list of label names; span skipped"
            continue
        quoted = value.get("text")
        offsets = offsets or OffsetMap(text)
        if offsets.length_utf16 != offsets.length:  # emoji or rare Hanja: UTF-16 and code points differ
            # Label Studio counts UTF-16 units (JavaScript strings): that reading first, as a code-point one can
            # hold the same text elsewhere ("😀가가": UTF-16 [2, 3) is the first 가, code points [2, 3) the second)
            fits16 = 0 <= start <= end <= offsets.length_utf16
            moved = (offsets.to_codepoint(start), offsets.to_codepoint(end)) if fits16 else None
            if moved is not None and (not isinstance(quoted, str) or text[moved[0]:moved[1]] == quoted):
                start, end = moved
            elif isinstance(quoted, str) and (end > len(text) or text[start:end] != quoted):  # nor code points
                yield f"result {n}: offsets {start}-{end} do not hold its text {quoted[:30]!r}; span skipped"
                continue
        elif isinstance(quoted, str) and text[start:end] != quoted:
            yield f"result {n}: offsets {start}-{end} do not hold its text {quoted[:30]!r}; span skipped"
            continue
        if len(labels) > 1:
            yield f"result {n}: {len(labels)} labels on one span; only {labels[0].strip()!r} kept"
        if item.get("id") is not None and not isinstance(item.get("id"), (dict, list)):
            by_id[item["id"]] = len(spans)
        if values is not None:
            values.append((value, "" if _key(item.get("id")) is None else str(item["id"])))
        spans.append((start, end, labels[0].strip()))
    for n, item in pending_relations:
        head, tail = by_id.get(_key(item.get("from_id"))), by_id.get(_key(item.get("to_id")))
        labels = item.get("labels")
        if head is None or tail is None:
            yield f"result {n}: relation between {item.get('from_id')!r} and {item.get('to_id')!r}, not both spans" \
                  " of this annotation; skipped"
        elif not isinstance(labels, list) or not labels or not isinstance(labels[0], str) or not labels[0].strip():
            yield f"result {n}: relation without a label; skipped"
        else:
            if item.get("direction") == "left":
                head, tail = tail, head
            relations.append((head, tail, labels[0].strip()))
    for kind, count in sorted(skipped.items()):
        yield f"{count} result(s) of type {kind!r} not imported (only text labels and relations are read)"


def _key(value: Any) -> Any:
    return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None
