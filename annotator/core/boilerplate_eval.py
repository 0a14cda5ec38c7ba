"""Scoring the segmenter against line-level gold (boilerplate_gold.json): shared by the tests and the bench."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.boilerplate import segment_text


@dataclass(slots=True)
class PageScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: list[int] = field(default_factory=list)  # 1-based line numbers judged wrongly

    @property
    def f1(self) -> float:
        return round(2 * self.tp / (2 * self.tp + self.fp + self.fn), 4) if self.tp else 0.0


def score_page(text: str, content, optional=()) -> PageScore:
    """Content is the positive class; blank lines and optional lines are not scored."""
    content, optional = set(content), set(optional)
    score = PageScore()
    for seg in segment_text(text):
        if seg.kind == "blank" or seg.line_no in optional:
            continue
        predicted, actual = seg.kind == "content", seg.line_no in content
        score.tp += predicted and actual
        score.fp += predicted and not actual
        score.fn += actual and not predicted
        if predicted != actual:
            score.wrong.append(seg.line_no)
    return score
