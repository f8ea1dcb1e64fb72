"""A third split of ``usermind eval firstrun`` scripts (``fresh``), written on 2026-12-03 after the
``heldout`` split had been looked at: varied domains and wordings, never used to guide a change."""

from __future__ import annotations

from usermind.evals.firstrun_scripts import Script, _s

FRESH: list[Script] = [
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
