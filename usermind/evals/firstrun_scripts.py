"""Scripted newcomer conversations for ``usermind eval firstrun``: told in one process, asked in the
next.  Written for this benchmark; ``tuning`` scripts may guide changes, ``heldout`` and ``fresh`` ones
must not.
Each asked message lists words any of which a good reply names (the remembered thing)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Ask(BaseModel):
    text: str
    expect: list[str] = Field(default_factory=list, description="a good reply names one of these")


class Script(BaseModel):
    name: str
    split: str
    sessions: list[list[Ask]]


def _s(name: str, split: str, told: list[tuple[str, list[str]]], asked: list[tuple[str, list[str]]]):
    return Script(
        name=name,
        split=split,
        sessions=[[Ask(text=t, expect=e) for t, e in told], [Ask(text=t, expect=e) for t, e in asked]],
    )


TUNING = [
    _s(
        "diet-city",
        "tuning",
        [("I'm vegetarian and I live in Lisbon.", ["vegetarian", "Lisbon"])],
        [("Where do I live?", ["Lisbon"]), ("What is my diet?", ["vegetarian"])],
    ),
    _s(
        "pet-name",
        "tuning",
        [("My dog is called Biscuit.", ["Biscuit"])],
        [("What is my dog called?", ["Biscuit"]), ("Give me a tip for walking my dog.", [])],
    ),
    _s(
        "job",
        "tuning",
        [("I work as a nurse at a children's hospital.", ["nurse"])],
        [("What is my job?", ["nurse"]), ("How can I relax after a long shift at work?", [])],
    ),
    _s(
        "allergy",
        "tuning",
        [("I'm allergic to peanuts.", ["peanut"])],
        [("What am I allergic to?", ["peanut"]), ("Suggest a snack for my allergy.", ["peanut"])],
    ),
    _s(
        "hobby",
        "tuning",
        [("I love rock climbing.", ["climbing"]), ("My favourite colour is green.", ["green"])],
        [("What sport do I love?", ["climb"]), ("What is my favourite colour?", ["green"])],
    ),
    _s(
        "hometown",
        "tuning",
        [("I'm originally from Krakow.", ["Krakow"])],
        [("Where am I from?", ["Krakow", "Poland"]), ("What is the capital of Italy?", ["Rome"])],
    ),
    _s(
        "music",
        "tuning",
        [("I play the violin in an orchestra.", ["violin"])],
        [("Which instrument do I play?", ["violin"]), ("Tell me a short fact about the moon.", [])],
    ),
    _s(
        "sister",
        "tuning",
        [("My sister is called Amara and she lives in Nairobi.", ["Amara"])],
        [("What is my sister's name?", ["Amara"]), ("Where does my sister live?", ["Nairobi"])],
    ),
    _s(
        "study",
        "tuning",
        [("I'm studying marine biology.", ["marine biology"])],
        [("What am I studying?", ["marine", "biology"]), ("Recommend a book for my studies.", [])],
    ),
    _s(
        "dislike",
        "tuning",
        [("I hate olives.", ["olive"])],
        [("Which food do I hate?", ["olive"]), ("What should I put on my pizza tonight?", [])],
    ),
    _s(
        "move",
        "tuning",
        [("I just moved to Toronto.", ["Toronto"])],
        [("Which city do I live in now?", ["Toronto"]), ("How do I say hello in French?", ["bonjour"])],
    ),
    _s(
        "cat",
        "tuning",
        [("I have two cats named Pepper and Salt.", ["cat"])],
        [("How many cats do I have?", ["two", "2", "Pepper", "Salt"]), ("Good morning!", [])],
    ),
]

HELDOUT = [
    _s(
        "vegan-berlin",
        "heldout",
        [("I am vegan, and I live in Berlin these days.", ["vegan", "Berlin"])],
        [("In which city am I living?", ["Berlin"]), ("Do I eat meat?", ["vegan", "no"])],
    ),
    _s(
        "teacher",
        "heldout",
        [("I'm a teacher at a primary school.", ["teacher"])],
        [("What do I do for a living?", ["teach"]), ("Give me an idea for a class activity.", [])],
    ),
    _s(
        "parrot",
        "heldout",
        [("My parrot's name is Kiwi.", ["Kiwi"])],
        [("Remind me of my parrot's name.", ["Kiwi"]), ("What do parrots eat?", [])],
    ),
    _s(
        "coffee",
        "heldout",
        [("I really enjoy strong black coffee in the morning.", ["coffee"])],
        [("What drink do I enjoy in the morning?", ["coffee"]), ("What is two plus two?", ["4", "four"])],
    ),
    _s(
        "gluten",
        "heldout",
        [("I'm gluten-free because of a health condition.", ["gluten"])],
        [("Is there anything I can't eat?", ["gluten"]), ("What should I bake for a party?", [])],
    ),
    _s(
        "brother",
        "heldout",
        [("My brother is named Tomas. He is a pilot.", ["Tomas"])],
        [("What's my brother called?", ["Tomas"]), ("Say something nice about pilots.", [])],
    ),
    _s(
        "chess",
        "heldout",
        [("I play chess every weekend with friends.", ["chess"])],
        [("Which game do I play on weekends?", ["chess"]), ("Name a famous painter.", [])],
    ),
    _s(
        "seattle",
        "heldout",
        [("I live in Seattle and I work at a bakery.", ["Seattle", "bakery"])],
        [("Where do I work?", ["bakery"]), ("Where do I live?", ["Seattle"])],
    ),
    _s(
        "married",
        "heldout",
        [("I'm married and my wife is called Leila.", ["Leila", "married"])],
        [("What is my wife's name?", ["Leila"]), ("Suggest a gift for an anniversary.", [])],
    ),
    _s(
        "favourite-food",
        "heldout",
        [("My favorite food is ramen.", ["ramen"])],
        [("What is my favorite food?", ["ramen"]), ("Tell me something about Japan.", [])],
    ),
    _s(
        "age",
        "heldout",
        [("I'm 34 years old and I love gardening.", ["34", "gardening"])],
        [("How old am I?", ["34"]), ("What hobby do I love?", ["garden"])],
    ),
    _s(
        "programmer",
        "heldout",
        [("I work as a software developer in Madrid.", ["developer"])],
        [("What is my job?", ["developer", "software"]), ("Where do I work?", ["Madrid"])],
    ),
]


# written on 2026-12-03 after the held-out split had been looked at; never used to guide a change
FRESH = [
    _s(
        "cyclist",
        "fresh",
        [("I cycle to work every day and my bike is a red Bianchi.", ["Bianchi", "cycle"])],
        [("What brand is my bike?", ["Bianchi"]), ("How do I get to work?", ["cycl", "bike"])],
    ),
    _s(
        "daughter",
        "fresh",
        [("My daughter Maya just turned seven.", ["Maya"])],
        [("What's my daughter's name?", ["Maya"]), ("How old is Maya?", ["seven", "7"])],
    ),
    _s(
        "lactose",
        "fresh",
        [("I'm lactose intolerant.", ["lactose"])],
        [("Which food problem do I have?", ["lactose", "dairy", "milk"]), ("Name a fruit.", [])],
    ),
    _s(
        "nurse-lyon",
        "fresh",
        [("I'm a nurse and I live in Lyon with my husband.", ["nurse", "Lyon"])],
        [("Which city am I living in?", ["Lyon"]), ("What is my profession?", ["nurse"])],
    ),
    _s(
        "guitar",
        "fresh",
        [("I have been learning the guitar for two years.", ["guitar"])],
        [("Which instrument am I learning?", ["guitar"])],
    ),
    _s(
        "tortoise",
        "fresh",
        [("We have a tortoise named Sheldon.", ["Sheldon"])],
        [("What's our tortoise called?", ["Sheldon"]), ("How long do tortoises live?", [])],
    ),
    _s(
        "spicy",
        "fresh",
        [("I hate spicy food.", ["spicy"])],
        [("What kind of food do I hate?", ["spicy"])],
    ),
    _s(
        "marathon",
        "fresh",
        [("I'm training for the Boston marathon in April.", ["marathon", "Boston"])],
        [("What race am I training for?", ["marathon", "Boston"]), ("Give me a stretching tip.", [])],
    ),
    _s(
        "language",
        "fresh",
        [("My native language is Polish and I'm learning Japanese.", ["Polish", "Japanese"])],
        [("Which language am I learning?", ["Japanese"]), ("What is my native language?", ["Polish"])],
    ),
    _s(
        "car",
        "fresh",
        [("I drive an old blue Volvo.", ["Volvo"])],
        [("What car do I drive?", ["Volvo"])],
    ),
    _s(
        "birthday",
        "fresh",
        [("My birthday is on the 14th of March.", ["March", "14"])],
        [("When is my birthday?", ["March", "14"]), ("What is the capital of Italy?", ["Rome"])],
    ),
    _s(
        "tea",
        "fresh",
        [("I drink green tea every morning and I never drink coffee.", ["tea"])],
        [("What do I drink in the morning?", ["tea"]), ("Do I drink coffee?", ["never", "no", "not"])],
    ),
]

SCRIPTS = {"tuning": TUNING, "heldout": HELDOUT, "fresh": FRESH}
