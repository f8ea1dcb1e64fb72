"""A reproducible CounterFact-style set of personalized facts for the KGT benchmark.

Each template is a fact slot about a user (subject, relation) with a canonical query, two or more
paraphrases and a pool of answers. :func:`generate` draws users (each gets every template at most
once, so a user's facts never contradict each other) and, per fact, the user's answer from the pool
with a seeded RNG.  The model's *default* answer is not stored here: it depends on the model, so
the benchmark asks the model for it (its preferred answer from the pool without any facts).
"""

from __future__ import annotations

import random

from pydantic import BaseModel, Field


class FactTemplate(BaseModel):
    slot: str
    query: str
    paraphrases: list[str] = Field(min_length=2)
    options: list[str] = Field(min_length=3)


class KGTCase(BaseModel):
    """One personalized fact to edit: the user's answer and the candidate pool for the default."""

    id: str
    user_id: str
    slot: str
    query: str
    paraphrases: list[str]
    options: list[str]
    user_answer: str
    stale: bool = Field(description="the user's graph already holds an outdated value for this slot")


def _t(slot: str, query: str, paraphrases: list[str], options: str) -> FactTemplate:
    return FactTemplate(slot=slot, query=query, paraphrases=paraphrases, options=options.split(", "))


TEMPLATES: list[FactTemplate] = [
    _t(
        "favourite fruit",
        "What is my favourite fruit?",
        ["Which fruit do I like best?", "Tell me the fruit I love the most."],
        "apple, mango, banana, cherry, peach",
    ),
    _t(
        "favourite sport",
        "What is my favourite sport?",
        ["Which sport do I enjoy most?", "Name the sport I like best."],
        "football, tennis, golf, rugby, cricket",
    ),
    _t(
        "favourite drink",
        "What is my favourite drink?",
        ["Which drink do I like best?", "What do I usually like to drink?"],
        "coffee, tea, milk, juice, lemonade",
    ),
    _t(
        "favourite animal",
        "What is my favourite animal?",
        ["Which animal do I love most?", "Name the animal I like best."],
        "dog, cat, horse, lion, rabbit",
    ),
    _t(
        "dog name",
        "What is my dog's name?",
        ["What is the name of my dog?", "What did I name my dog?"],
        "Max, Buddy, Rex, Biscuit, Charlie",
    ),
    _t(
        "cat name",
        "What is my cat's name?",
        ["What is the name of my cat?", "What do I call my cat?"],
        "Luna, Bella, Milo, Simba, Tiger",
    ),
    _t(
        "city",
        "Which city do I live in?",
        ["Where do I live?", "What city is my home?"],
        "London, Paris, Berlin, Madrid, Tokyo",
    ),
    _t(
        "job",
        "What is my job?",
        ["What do I do for a living?", "What is my profession?"],
        "teacher, nurse, engineer, lawyer, chef",
    ),
    _t(
        "car brand",
        "What is my car's brand?",
        ["What brand is my car?", "Which company made my car?"],
        "Toyota, Ford, BMW, Honda, Tesla",
    ),
    _t(
        "sister name",
        "What is my sister's name?",
        ["What is the name of my sister?", "What is my sister called?"],
        "Anna, Emma, Sarah, Julia, Laura",
    ),
    _t(
        "brother job",
        "What is my brother's job?",
        ["What does my brother do for a living?", "What is my brother's profession?"],
        "doctor, pilot, farmer, banker, plumber",
    ),
    _t(
        "favourite colour",
        "What is my favourite colour?",
        ["Which colour do I like best?", "Name the colour I love most."],
        "blue, red, green, yellow, purple",
    ),
    _t(
        "language",
        "Which language do I speak?",
        ["What language do I speak at home?", "What is my native language?"],
        "English, Spanish, French, German, Italian",
    ),
    _t(
        "instrument",
        "Which instrument do I play?",
        ["What musical instrument do I play?", "What instrument can I play?"],
        "piano, guitar, violin, drums, flute",
    ),
    _t(
        "favourite food",
        "What is my favourite food?",
        ["Which food do I like best?", "What dish do I love most?"],
        "pizza, sushi, pasta, curry, tacos",
    ),
    _t(
        "hometown",
        "What is my hometown?",
        ["Where did I grow up?", "Which town am I from?"],
        "Boston, Dublin, Chicago, Sydney, Toronto",
    ),
    _t(
        "best friend",
        "What is my best friend's name?",
        ["Who is my best friend?", "What is the name of my best friend?"],
        "Tom, Jack, Mike, David, Chris",
    ),
    _t(
        "favourite season",
        "What is my favourite season?",
        ["Which season do I like best?", "Which time of year do I love most?"],
        "summer, winter, spring, autumn, monsoon",
    ),
    _t(
        "manager name",
        "What is my manager's name?",
        ["Who is my manager?", "What is the name of my boss?"],
        "John, Peter, Mark, Paul, Steve",
    ),
    _t(
        "favourite book",
        "What is my favourite book?",
        ["Which book do I like best?", "Name the book I love most."],
        "Dune, Emma, Ulysses, Beloved, Hamlet",
    ),
]


def generate(n: int, seed: int = 0, templates: list[FactTemplate] | None = None) -> list[KGTCase]:
    """``n`` cases over ``ceil(n / len(templates))`` users; the same (n, seed) gives the same cases."""
    if n < 1:
        raise ValueError("the KGT set needs at least one case")
    pool = templates or TEMPLATES
    rng = random.Random(seed)
    cases: list[KGTCase] = []
    user = 0
    while len(cases) < n:
        order = rng.sample(pool, len(pool))
        for template in order[: n - len(cases)]:
            cases.append(
                KGTCase(
                    id=f"kgt-{len(cases):04d}",
                    user_id=f"kgt_user_{user:03d}",
                    slot=template.slot,
                    query=template.query,
                    paraphrases=list(template.paraphrases),
                    options=list(template.options),
                    user_answer=rng.choice(template.options),
                    stale=rng.random() < 0.5,
                )
            )
        user += 1
    return cases
