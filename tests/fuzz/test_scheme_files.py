"""Scheme files are user input (suggest --scheme, the scheme dialog's Import): whatever JSON they hold, loading
one returns a valid scheme or raises SchemeError naming the file, never a TypeError from deep inside."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from annotator.core.scheme import LabelScheme, SchemeError
from tests.fuzz_oracle import FUZZ

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)
ENTITY_FIELDS = ("name", "display", "color", "key", "description", "role", "patterns")
RELATION_FIELDS = ("name", "display", "heads", "tails", "description", "color", "role")
entity = st.fixed_dictionaries({"name": st.sampled_from(["ORG", "LOC"])},
                               optional={f: json_values | st.just("ORG") for f in ENTITY_FIELDS[1:]})
relation = st.fixed_dictionaries({"name": st.just("located_in")},
                                 optional={f: json_values | st.just(["ORG"]) for f in RELATION_FIELDS[1:]})


@FUZZ
@given(st.lists(entity, max_size=3), st.lists(relation, max_size=2), json_values)
@example([{"name": "ORG", "key": ["1"]}], [], None)  # was TypeError: unhashable type: 'list'
@example([{"name": 5}], [], None)  # was AttributeError: 'int' object has no attribute 'strip'
@example([{"name": "ORG"}], [{"name": "r", "heads": 5}], None)  # was TypeError: 'int' object is not iterable
@example([{"name": "ORG"}], [{"name": "r", "tails": None}], None)
@example([{"name": "ORG", "color": {"r": 1}}], [], None)
def test_any_field_values_load_or_raise_scheme_error(entities, relations, name):
    data = {"name": name, "entities": entities, "relations": relations}
    try:
        scheme = LabelScheme.from_dict(data)
    except SchemeError as exc:
        assert str(exc)
        return
    scheme.validate()
    assert LabelScheme.from_dict(json.loads(scheme.to_json())).to_dict() == scheme.to_dict()


@pytest.mark.parametrize("body, reason", [
    (b'{"entities": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "nested too deeply"),  # was RecursionError
    (b'{"name": ' + b"9" * 5000 + b', "entities": []}', "cannot read scheme"),  # was ValueError (int digits)
    (b"\xff\xfe{\x00", "cannot read scheme"),
    (b'{"entities": [{"name": "A", "patterns": [{"regex": "("}]}]}', "pattern"),
    (b'{"entities": {"name": "A"}}', "'entities' list"),
])
def test_unreadable_scheme_files_are_refused_by_name(tmp_path, body, reason):
    path = tmp_path / "scheme.json"
    path.write_bytes(body)
    with pytest.raises(SchemeError, match=reason) as info:
        LabelScheme.load(path)
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.parametrize("name", ["A B", "ORG\t", "ZW\u200bSP", "LF\nX", "X" * 101])
def test_label_names_exports_cannot_carry_are_refused(name):
    """A space in a label name made brat (`T1<TAB>A B 0 2`) and CoNLL (`기사<TAB>B-A B`) exports that their
    importers refuse: the round trip lost those spans. The display name may hold spaces."""
    with pytest.raises(SchemeError, match="has a name"):
        LabelScheme.from_dict({"entities": [{"name": name}]})
    with pytest.raises(SchemeError, match="has a name"):
        LabelScheme.from_dict({"entities": [{"name": "ORG"}], "relations": [{"name": name}]})
    assert LabelScheme.from_dict({"entities": [{"name": "ORG_X", "display": "기관 X"}]}).entities[0].display == "기관 X"
