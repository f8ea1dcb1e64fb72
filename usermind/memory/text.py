"""Moved to :mod:`usermind.text` (one tokenizer, stop-word list and stemmer for the package)."""

from usermind.text import STOPWORDS, content_terms, estimate_tokens, question_share, stem, words

__all__ = ["STOPWORDS", "content_terms", "estimate_tokens", "question_share", "stem", "words"]
