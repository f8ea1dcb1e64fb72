"""One text normalisation module: memory recall and persona inference share it."""

from usermind.memory.text import content_terms as memory_terms
from usermind.persona.feedback import content_words
from usermind.text import STOPWORDS, content_terms, stem


def test_memory_module_is_the_shared_one():
    assert memory_terms is content_terms
    assert content_terms("I was painting my bikes") == ["paint", "bik"]  # the light stemmer


def test_persona_content_words_use_the_shared_stop_words():
    found = content_words("I really like hiking, and the mountains are also nice")
    assert found == {"hiking", "mountains", "nice"}
    assert not found & STOPWORDS and stem("hiking") == "hik"
