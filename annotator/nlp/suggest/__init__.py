"""Suggestions (pre-annotation): proposals with a source and a score, never labels until a reviewer accepts them.

Sources: dictionary.py (the project's accepted entity strings), patterns.py (the label scheme's patterns),
model.py (a spaCy NER model, by default the shipped base model trained by scripts/train_base_model.py on
KLUE, see klue_base.py), relations.py (relation candidates by rules). engine.py combines them for one
document; scoring.py measures them. Qt-free; spaCy is imported only when the model is first used.
"""

from annotator.nlp.suggest.base import RelationSuggestion, Suggestion

__all__ = ["RelationSuggestion", "Suggestion"]
