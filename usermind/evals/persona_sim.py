"""Reproducible simulated users for persona recovery: hidden profile → conversation and pairwise choices."""

from __future__ import annotations

import random

from pydantic import BaseModel, Field

_FOODS = ["sushi", "tacos", "ramen", "pizza", "curry", "dumplings", "falafel", "pasta", "oysters", "kimchi"]
_DRINKS = ["tea", "coffee", "kombucha", "espresso", "lemonade"]
_HOBBIES = ["tennis", "chess", "climbing", "yoga", "golf", "basketball"]
_CITIES = ["lisbon", "denver", "osaka", "nairobi", "toronto", "krakow"]
_JOBS = ["nurse", "teacher", "engineer", "designer", "lawyer", "chef"]
_DIETS = ["vegetarian", "vegan", "pescatarian"]
_LIKE = [
    "I really love {v}.",
    "Honestly, I love {v}, especially on weekends.",
    "I enjoy {v} a lot.",
    "I like {v}, it's my go-to.",
    "By the way, I adore {v}.",
]
_DISLIKE = ["I hate {v}.", "I don't like {v} at all.", "I can't stand {v}.", "I really dislike {v}."]
_DISTRACTORS = [
    "What's the capital of Peru?",
    "Can you summarise this article for me?",
    "How do I convert Celsius to Fahrenheit?",
    "My friend loves {f} but I'm not sure about it.",
    "Is {f} healthy?",
    "Tell me a joke about computers.",
    "What time zone is Tokyo in?",
]
_SHORT = "Sure: {t} is a good choice."
_LONG = (
    "Here is a thorough explanation. {t} has a long history and many variations; people value it for "
    "several reasons, including taste, availability, price, tradition and the way it fits into different "
    "occasions. You can find it in many places, and each region adds its own twist, so it is worth trying a "
    "few versions, comparing them, and reading about how they are made before deciding which you like most."
)
_BULLETS = "Options:\n- {t}\n- a second option\n- a third option"


class HiddenAttribute(BaseModel):
    attribute: str
    value: str
    polarity: int = 1


class SimulatedUser(BaseModel):
    user_id: str
    hidden: list[HiddenAttribute]
    messages: list[str]
    choices: list[tuple[str, str, str]] = Field(
        default_factory=list, description="(prompt, chosen, rejected)"
    )


def simulate_users(n_users: int = 20, seed: int = 0) -> list[SimulatedUser]:
    """Users with 5–8 hidden attributes, each stated once or twice amid distractor turns, plus 3 pairwise
    choices that reveal a preferred answer length."""
    rng = random.Random(seed)
    users = []
    for i in range(n_users):
        foods = rng.sample(_FOODS, 3)
        hidden = [
            HiddenAttribute(attribute="likes", value=foods[0]),
            HiddenAttribute(attribute="likes", value=foods[1], polarity=-1),
            HiddenAttribute(attribute="likes", value=rng.choice(_DRINKS)),
            HiddenAttribute(attribute="location", value=rng.choice(_CITIES)),
            HiddenAttribute(attribute="occupation", value=rng.choice(_JOBS)),
        ]
        if rng.random() < 0.5:
            hidden.append(HiddenAttribute(attribute="hobby", value=rng.choice(_HOBBIES)))
        if rng.random() < 0.5:
            hidden.append(HiddenAttribute(attribute="diet", value=rng.choice(_DIETS)))
        length = rng.choice(["concise", "detailed"])
        hidden.append(HiddenAttribute(attribute="response_length", value=length))
        messages = [_statement(rng, h) for h in hidden if h.attribute != "response_length"]
        messages += [_statement(rng, h) for h in rng.sample(hidden[:-1], 2)]
        messages += [rng.choice(_DISTRACTORS).format(f=foods[2]) for _ in range(6)]
        rng.shuffle(messages)
        choices = []
        for _ in range(3):
            topic = rng.choice(_FOODS)
            short, long = _SHORT.format(t=topic), _LONG.format(t=topic)
            chosen, rejected = (short, long) if length == "concise" else (long, short)
            choices.append((f"What should I try for {topic}?", chosen, rejected))
        users.append(SimulatedUser(user_id=f"sim{i:03d}", hidden=hidden, messages=messages, choices=choices))
    return users


def _statement(rng: random.Random, h: HiddenAttribute) -> str:
    v = h.value
    if h.attribute == "likes":
        return rng.choice(_LIKE if h.polarity > 0 else _DISLIKE).format(v=v)
    return {
        "location": rng.choice(
            [
                f"I live in {v.title()}.",
                f"I moved to {v.title()} last year.",
                f"I'm based in {v.title()} these days.",
            ]
        ),
        "occupation": rng.choice([f"I work as a {v}.", f"I am a {v}, long shifts lately."]),
        "hobby": rng.choice([f"I play {v} every weekend.", f"My hobby is {v}."]),
        "diet": rng.choice([f"I'm {v}, so no meat please.", f"I am {v}."]),
    }[h.attribute]
