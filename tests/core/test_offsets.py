from annotator.core.offsets import OffsetMap, to_codepoint, to_utf16, utf16_length


def qt_positions(text: str) -> list[int]:
    """Reference: the UTF-16 position of every code-point boundary, computed by encoding."""
    return [len(text[:i].encode("utf-16-le")) // 2 for i in range(len(text) + 1)]


def test_bmp_text_is_identity():
    text = "중기부는 오늘 발표했다.\nASCII too"
    m = OffsetMap(text)
    assert not m.has_astral
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))
    assert m.to_codepoint(5) == 5
    assert m.length_utf16 == len(text)


def test_emoji_and_supplementary_hanja_round_trip():
    text = "😀 중기부 𠀀𠀁 차관 👍🏽!\n다음 줄 🎉"
    m = OffsetMap(text)
    expected = qt_positions(text)
    assert m.has_astral
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == expected
    assert [m.to_codepoint(p) for p in expected] == list(range(len(text) + 1))
    assert m.length_utf16 == len(text.encode("utf-16-le")) // 2 == utf16_length(text)


def test_span_after_emoji_keeps_exact_offsets():
    text = "🎉🎉 중기부 발표"
    start = text.index("중기부")
    m = OffsetMap(text)
    s16, e16 = m.range_to_utf16(start, start + 3)
    assert (s16, e16) == (start + 2, start + 5)
    assert m.range_to_codepoint(s16, e16) == (start, start + 3)
    assert text.encode("utf-16-le")[2 * s16 : 2 * e16].decode("utf-16-le") == "중기부"


def test_position_inside_surrogate_pair_rounds_down_and_range_end_rounds_up():
    text = "a𠀀b"
    m = OffsetMap(text)
    assert m.to_codepoint(2) == 1  # between the two surrogates of 𠀀
    assert m.range_to_codepoint(0, 2) == (0, 2)  # a selection ending mid-pair keeps the whole character


def test_one_off_helpers():
    text = "x😀y"
    assert to_utf16(text, 2) == 3
    assert to_codepoint(text, 3) == 2
