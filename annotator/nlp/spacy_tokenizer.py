"""The Kiwi-based Korean tokenizer as a spaCy tokenizer, registered as "annotator.KoreanTokenizer.v1".

spaCy finds it through the `spacy_tokenizers` entry point of the installed annotator package, so a
trained pipeline loads with plain `spacy.load(DIR)`; importing this module registers it as well.
The optional `user_words` setting of [nlp.tokenizer] lists Kiwi user words; they live in the config, so
training and every later `spacy.load` tokenise with the same words. Without it no user words are used,
whatever the process-wide default set of annotator.core.korean holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, List, Optional  # spaCy validates the factory's typing hints

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.core import korean

from annotator.nlp import TOKENIZER_NAME


class KoreanTokenizer:
    """Callable text -> Doc whose tokens are the surface morphemes of annotator.core.korean."""

    def __init__(self, vocab: Vocab, user_words: Iterable[str] = ()) -> None:
        self.vocab = vocab
        self.user_words = korean.user_word_set(user_words)
        # Its own analyser (own Kiwi, user words and cache) only when it has user words.
        self.analyser = korean.KoreanAnalyser(self.user_words) if self.user_words else korean.default_analyser()

    def __call__(self, text: str) -> Doc:
        tokens = self.analyser.tokenize(text)
        words = [t.text for t in tokens]
        spaces = [bool(t.ws) for t in tokens]
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    # Nothing to save: the user words are in the config, the rest is Kiwi's bundled model.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> KoreanTokenizer:
        return self

    def to_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> None:
        return None

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> KoreanTokenizer:
        return self


def create_korean_tokenizer(user_words: Optional[List[str]] = None) -> Callable[[Language], KoreanTokenizer]:
    """Registered factory: spaCy calls the returned function with the nlp object."""
    words = tuple(user_words or ())

    def make_tokenizer(nlp: Language) -> KoreanTokenizer:
        return KoreanTokenizer(nlp.vocab, words)

    return make_tokenizer


if TOKENIZER_NAME not in spacy.registry.tokenizers:
    spacy.registry.tokenizers.register(TOKENIZER_NAME, func=create_korean_tokenizer)


def blank_korean(user_words: Iterable[str] | None = None) -> Language:
    """spacy.blank("ko") on this tokenizer (spaCy's own Korean tokenizer would need MeCab)."""
    tokenizer: dict[str, Any] = {"@tokenizers": TOKENIZER_NAME}
    if user_words:
        tokenizer["user_words"] = sorted(korean.user_word_set(user_words))
    return spacy.blank("ko", config={"nlp": {"tokenizer": tokenizer}})
