"""The spaCy training config for Korean NER on the Kiwi tokenizer (CPU, efficiency defaults).

It is spaCy's `init config -p ner -o efficiency` output with lang "ko" and our tokenizer, written out
here because `spacy init config -l ko` tries to load MeCab. paths.train and paths.dev stay variables
(`--paths.train DIR/train.spacy` on the command line, or overrides from the Python API).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from annotator.nlp import TOKENIZER_NAME

CODE_FILE_NAME = "korean_tokenizer.py"

CONFIG_TEMPLATE = """\
[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = 0

[nlp]
lang = "ko"
pipeline = ["tok2vec","ner"]
batch_size = 1000
disabled = []
before_creation = null
after_creation = null
after_pipeline_creation = null

[nlp.tokenizer]
@tokenizers = "{tokenizer}"

[components]

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers":"spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${{components.tok2vec.model.encode.width}}
upstream = "*"

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = ${{components.tok2vec.model.encode.width}}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [5000,1000,2500,2500]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 4
window_size = 1
maxout_pieces = 3

[corpora]

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.1
accumulate_gradient = 1
patience = 1600
max_epochs = 0
max_steps = 20000
eval_frequency = 200
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = false
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[pretraining]

[initialize]
vectors = ${{paths.vectors}}
init_tok2vec = ${{paths.init_tok2vec}}
vocab_data = null
lookups = null
before_init = null
after_init = null

[initialize.components]

[initialize.tokenizer]
"""

CODE_FILE_TEXT = '''\
"""Registers the Korean tokenizer "{tokenizer}" for `python -m spacy train ... --code {code_file}`.

The tokenizer is annotator's Kiwi-based one (kiwipiepy + kiwipiepy-model, no MeCab). When annotator is
installed spaCy also finds it through the package's entry point, so this file is a belt-and-braces import.
"""

try:
    import annotator.nlp.spacy_tokenizer  # noqa: F401  (importing registers the tokenizer)
except ImportError as exc:  # pragma: no cover - depends on the environment running spacy
    raise ImportError(
        "the annotator package is needed to tokenise Korean for this pipeline; "
        "install it into this Python environment (pip install annotator)"
    ) from exc
'''


def config_text(*, seed: int = 0, user_words: Sequence[str] = ()) -> str:
    """The config.cfg text written by the spaCy export; user_words (see user_words.config_safe) go into
    [nlp.tokenizer], so training and spacy.load of the trained model tokenise alike."""
    text = CONFIG_TEMPLATE.format(tokenizer=TOKENIZER_NAME)
    if user_words:
        tokenizer_line = f'@tokenizers = "{TOKENIZER_NAME}"\n'
        words = json.dumps(list(user_words), ensure_ascii=False)
        text = text.replace(tokenizer_line, f"{tokenizer_line}user_words = {words}\n", 1)
    return text.replace("[system]\ngpu_allocator = null\nseed = 0", f"[system]\ngpu_allocator = null\nseed = {int(seed)}")


def config_user_words(path) -> list[str]:
    """The user words of a written config.cfg ([] when it has none)."""
    from thinc.api import Config

    config = Config().from_disk(path, interpolate=False)
    return list(config["nlp"]["tokenizer"].get("user_words") or [])


def code_file_text() -> str:
    return CODE_FILE_TEXT.format(tokenizer=TOKENIZER_NAME, code_file=CODE_FILE_NAME)


def load_config(*, seed: int = 0, overrides: dict[str, Any] | None = None, user_words: Sequence[str] = ()):
    """The config as a thinc Config, with dotted overrides such as {"paths.train": "x.spacy"}."""
    from thinc.api import Config

    config = Config().from_str(config_text(seed=seed, user_words=user_words), interpolate=False)
    for dotted, value in (overrides or {}).items():
        section, _, key = dotted.rpartition(".")
        node = config
        for part in section.split("."):
            node = node[part]
        node[key] = value
    return config
