"""A generated LongMemEval-shaped set (NOT the published benchmark): seeded items in the published JSON
shape, each with its own haystack of dated chat sessions.  Evidence is stated in varied wording and
buried among distractor sessions on many topics, some of them on the same subject without being about
the user (near misses).  All six question types and abstention questions occur.  Used to report
retrieval figures when the published files are not at hand; nothing in the product is tuned on it."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

# (subject keyword, user statements of a fact {v}, question, near-miss general question)
USER_FACTS = [
    (
        "dog",
        [
            "I just adopted a {v} puppy, she's chewing everything!",
            "Our new {v} arrived yesterday, what a sweetheart.",
            "Walking my {v} takes forever, he sniffs every lamppost.",
        ],
        "What breed is my dog?",
        "Which dog breeds are good for small apartments?",
        ["border collie", "beagle", "greyhound", "dachshund", "labrador"],
    ),
    (
        "instrument",
        [
            "I've been practising the {v} every evening for my recital.",
            "My {v} teacher says my timing improved.",
            "Finally bought my own {v} after renting one for a year.",
        ],
        "Which instrument am I learning?",
        "What is the easiest instrument for adults to learn?",
        ["cello", "clarinet", "banjo", "oboe", "ukulele"],
    ),
    (
        "city",
        [
            "We finally moved into our flat in {v} last weekend.",
            "Commuting across {v} by bike is so much faster now that I live here.",
            "Since relocating to {v} I've been hunting for a good bakery.",
        ],
        "Which city do I live in now?",
        "What are the most bike-friendly cities in Europe?",
        ["Lisbon", "Utrecht", "Montreal", "Kraków", "Osaka"],
    ),
    (
        "job",
        [
            "My shift at the hospital as a {v} ran late again.",
            "Work as a {v} has been hectic this quarter.",
            "I started a new position as a {v} on Monday.",
        ],
        "What do I do for a living?",
        "Which jobs have the best work-life balance?",
        ["pharmacist", "landscape architect", "sous-chef", "data engineer", "paramedic"],
    ),
    (
        "car",
        [
            "The {v} I bought needs new tyres already.",
            "Took my {v} on its first road trip to the coast.",
            "Insurance for my {v} went up again, annoying.",
        ],
        "What car do I drive?",
        "How often should car tyres be replaced?",
        ["Skoda Octavia", "Toyota Prius", "Mazda MX-5", "Volvo V60", "Fiat Panda"],
    ),
]
ASSISTANT_FACTS = [
    (
        "Could you recommend a novel for my flight?",
        "I'd suggest '{v}': gripping and not too long.",
        "Which novel did you recommend for my flight?",
        ["The Remains of the Day", "Piranesi", "Station Eleven", "Circe"],
    ),
    (
        "What should I cook for six guests on Saturday?",
        "A {v} works well for six and can be made ahead.",
        "What dish did you suggest for my six guests?",
        ["vegetable lasagne", "lamb tagine", "paella", "mushroom risotto"],
    ),
    (
        "Any stretch I can do at my desk?",
        "Try the {v}: hold it for thirty seconds on each side.",
        "Which desk stretch did you tell me about?",
        ["seated figure-four", "neck tilt", "wrist flexor stretch"],
    ),
]
PREFERENCES = [
    (
        "I only drink decaf these days, caffeine keeps me up.",
        "Can you suggest a drink for my afternoon meeting?",
        "The user prefers decaffeinated drinks; a good answer suggests decaf coffee or herbal tea.",
    ),
    (
        "I'm vegetarian, so no meat or fish for me please.",
        "What should I order at the new tapas place?",
        "The user is vegetarian; a good answer suggests meat- and fish-free tapas.",
    ),
    (
        "I get seasick easily, boats are a nightmare for me.",
        "Plan a day trip for me near the coast.",
        "The user gets seasick; a good answer avoids boat trips.",
    ),
]
UPDATES = [
    (
        "My gym membership is at {old} for now.",
        "I switched gyms, I'm at {new} since this week.",
        "Which gym do I go to?",
        ["IronWorks", "FlexZone", "Pulse Fitness", "Northside Gym"],
    ),
    (
        "My manager is {old}, she's great.",
        "Reorg news: my new manager is {new}.",
        "Who is my manager?",
        ["Priya", "Helena", "Marta", "Joan"],
    ),
]
EVENTS = [
    ("I ran my first half marathon today!", "How many days ago did I run my first half marathon?"),
    ("Just got back from the dentist, the filling is done.", "How many days ago was my dentist appointment?"),
    (
        "We planted the apple tree in the garden this morning.",
        "How many days ago did we plant the apple tree?",
    ),
]
MULTI = [
    (
        "I picked up {a} as a new hobby.",
        "Also started {b} on weekends.",
        "Which two hobbies did I take up recently?",
        ["pottery", "bouldering", "birdwatching", "calligraphy", "sailing"],
    ),
]
# other people's things: same subjects, other values (hard distractors for the user's own facts)
THIRD_PARTY = {
    "dog": "My {who} just got a {v}, it's adorable.",
    "instrument": "My {who} plays the {v} in an amateur orchestra.",
    "city": "My {who} just moved to {v} for work.",
    "job": "My {who} works as a {v} and loves it.",
    "car": "My {who} drives a {v} and swears by it.",
}
WHO = ["sister", "neighbour", "colleague", "best friend", "uncle", "flatmate"]
ABSENT = ["What is my cat's name?", "Which airline did I fly with to Peru?", "What is my sister's job?"]
DISTRACTORS = [
    ("How do I fix a merge conflict in git?", "Open the file, pick the lines to keep, then add and commit."),
    ("What's a good beginner houseplant?", "Pothos and snake plants tolerate low light and missed watering."),
    (
        "Explain compound interest simply.",
        "You earn interest on your interest, so savings grow faster over time.",
    ),
    ("How long should I boil an egg?", "About seven minutes for a jammy yolk, ten for hard-boiled."),
    ("Tips for a job interview?", "Research the company, prepare examples, and ask a question at the end."),
    ("What's the capital of Canada?", "Ottawa."),
    (
        "How do I remove a red wine stain?",
        "Blot it, cover with salt or baking soda, then wash in cold water.",
    ),
    (
        "Can you summarise the plot of Hamlet?",
        "A prince avenges his father's murder, and nearly everyone dies.",
    ),
    (
        "Best way to learn Spanish quickly?",
        "Daily practice, a tutor for speaking, and podcasts for listening.",
    ),
    ("How many hours of sleep do adults need?", "Most adults need seven to nine hours."),
]


def _date(ts: datetime) -> str:
    return ts.strftime("%Y/%m/%d (%a) %H:%M")


def _turns(user: str, assistant: str, evidence: str | None = None) -> list[dict[str, Any]]:
    return [
        {"role": "user", "content": user, **({"has_answer": True} if evidence == "user" else {})},
        {
            "role": "assistant",
            "content": assistant,
            **({"has_answer": True} if evidence == "assistant" else {}),
        },
    ]


def _evidence(rng: random.Random, kind: str) -> tuple[list[list[dict]], str, Any, str | None]:
    """Evidence sessions, the question, the answer (None: days since the evidence) and a near-miss
    general question on the same subject (or None)."""
    if kind == "single-session-user":
        _, says, question, near, values = rng.choice(USER_FACTS)
        value = rng.choice(values)
        sessions = [_turns(rng.choice(says).format(v=value), "That sounds lovely!", "user")]
        return sessions, question, value, near
    if kind == "single-session-assistant":
        ask, reply, question, values = rng.choice(ASSISTANT_FACTS)
        value = rng.choice(values)
        return [_turns(ask, reply.format(v=value), "assistant")], question, value, None
    if kind == "single-session-preference":
        stated, question, rubric = rng.choice(PREFERENCES)
        return [_turns(stated, "Noted, thanks for telling me.", "user")], question, rubric, None
    if kind == "knowledge-update":
        before, after, question, values = rng.choice(UPDATES)
        old, new = rng.sample(values, 2)
        sessions = [
            _turns(before.format(old=old), "Good to know.", "user"),
            _turns(after.format(new=new), "Thanks for the update!", "user"),
        ]
        return sessions, question, new, None
    if kind == "multi-session":
        first, second, question, values = rng.choice(MULTI)
        a, b = rng.sample(values, 2)
        sessions = [
            _turns(first.format(a=a), "Fun!", "user"),
            _turns(second.format(b=b), "Nice combination.", "user"),
        ]
        return sessions, question, f"{a} and {b}", None
    event, question = rng.choice(EVENTS)
    return [_turns(event, "Congratulations!", "user")], question, None, None


def _near_miss(rng: random.Random) -> list[dict[str, Any]]:
    """A session about someone else's dog, car, job ... or a general question on one of those subjects."""
    subject, _, _, general, values = rng.choice(USER_FACTS)
    if rng.random() < 0.6:
        said = THIRD_PARTY[subject].format(who=rng.choice(WHO), v=rng.choice(values))
        return _turns(said, "How nice for them!")
    return _turns(general, "There are several good options; it depends on what you like.")


TYPES = (
    "single-session-user",
    "single-session-assistant",
    "single-session-preference",
    "multi-session",
    "knowledge-update",
    "temporal-reasoning",
)


def generate_longmemeval(n_items: int = 70, *, seed: int = 0, haystack: int = 30) -> list[dict[str, Any]]:
    """``n_items`` items in the published shape; every seventh is an abstention question (``_abs``)."""
    rng = random.Random(seed)
    items = []
    for n in range(n_items):
        kind = TYPES[n % len(TYPES)]
        abstain = n % 7 == 6
        start = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 300))
        evidence, question, answer, near = _evidence(rng, kind)
        if abstain:
            question, answer = rng.choice(ABSENT), "The user never mentioned this."
        noise = [_turns(*rng.choice(DISTRACTORS)) for _ in range(haystack)]
        for slot in rng.sample(range(haystack), min(haystack, 4)):
            noise[slot] = _near_miss(rng)
        if near:
            noise[0] = _turns(near, "It depends on your space and routine; many options work.")
        slots = sorted(rng.sample(range(haystack + len(evidence)), len(evidence)))
        sessions, ids, answer_ids = list(noise), [], []
        for slot, session in zip(slots, evidence, strict=True):
            sessions.insert(slot, session)
        dates = [start + timedelta(days=2 * i, hours=rng.randint(8, 21)) for i in range(len(sessions))]
        for i, session in enumerate(sessions):
            ids.append(f"gen{n}_s{i}")
            if any(t.get("has_answer") for t in session):
                answer_ids.append(ids[-1])
        asked = dates[-1] + timedelta(days=rng.randint(1, 20))
        if answer is None:  # temporal: whole days from the evidence session to the question
            answer = (asked.date() - dates[slots[0]].date()).days
        items.append(
            {
                "question_id": f"gen{n}" + ("_abs" if abstain else ""),
                "question_type": kind,
                "question": question,
                "answer": answer,
                "question_date": _date(asked),
                "haystack_session_ids": ids,
                "haystack_dates": [_date(d) for d in dates],
                "haystack_sessions": sessions,
                "answer_session_ids": answer_ids,
            }
        )
    return items
