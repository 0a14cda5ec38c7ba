"""spaCy integration: the Korean tokenizer, training configs and in-app NER training.

spaCy is imported only by the submodules, never here, so `import annotator.nlp` stays cheap.
"""

# Registry name of the Kiwi-based spaCy tokenizer (annotator.nlp.spacy_tokenizer); also the entry point name.
TOKENIZER_NAME = "annotator.KoreanTokenizer.v1"
