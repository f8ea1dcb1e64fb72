"""The held-out split of the PTBench-style generator: nothing in ``usermind/tools`` was tuned on it.

It shares no content with the development split (:mod:`usermind.evals.ptbench_data`): other domains,
platform names and descriptions, parameter names and query wording.  Platform preferences appear only
as personality traits, phrased apart from the platform descriptions; profiles come in three layouts
(nested objects with unusual keys, a "- key: value" list as text, a paragraph with labelled fields)."""

from __future__ import annotations

import random
from typing import Any

# domain -> platform -> (description, traits that imply it, phrased without the description's words)
PLATFORMS: dict[str, dict[str, tuple[str, list[str]]]] = {
    "rides": {
        "ThriftRide": (
            "Shared rides at the lowest fare, with promo codes.",
            ["careful with money", "never pays full price if a discount code exists"],
        ),  # noqa: E501
        "BlackLane": (
            "Chauffeured premium sedans with professional drivers.",
            ["likes to arrive in style", "expects white-glove service"],
        ),  # noqa: E501
        "ZipGo": (
            "The shortest pickup times in town, cars arrive in minutes.",
            ["always running late", "cannot stand waiting around"],
        ),  # noqa: E501
    },
    "groceries": {
        "FreshFarm": (
            "Organic produce straight from local farms.",
            ["eats only organic", "supports local growers"],
        ),
        "PennyBasket": (
            "Discount supermarket with weekly coupons and bulk packs.",
            ["clips coupons every Sunday", "stretches every euro"],
        ),  # noqa: E501
        "NowMart": (
            "Groceries delivered within 30 minutes, day and night.",
            ["shops at midnight on a whim", "hates planning ahead"],
        ),  # noqa: E501
    },
    "rail": {
        "SleeperLine": (
            "Night trains with private cabins and beds.",
            ["prefers to sleep while travelling", "treasures privacy on long journeys"],
        ),  # noqa: E501
        "RailSaver": (
            "Cheapest rail tickets with saver fares.",
            ["a frugal traveller", "watches every cent on trips"],
        ),
        "ExpressTrack": (
            "High-speed trains, fastest connections between cities.",
            ["in a hurry between meetings", "time is money for them"],
        ),  # noqa: E501
    },
}
# domain -> (verb, description, [(param, type, source)]): source "q:<key>" or "p:<field>"
FUNCTIONS: dict[str, list[tuple[str, str, list[tuple[str, str, str]]]]] = {
    "rides": [
        (
            "request_ride",
            "Request a car to a drop-off point",
            [
                ("dropoff", "string", "q:place"),
                ("pickup_location", "string", "p:home"),
                ("rider_phone", "string", "p:phone"),
            ],
        )
    ],  # noqa: E501
    "groceries": [
        (
            "place_grocery_order",
            "Order groceries for delivery",
            [
                ("items", "string", "q:grocery"),
                ("count", "integer", "q:qty"),
                ("delivery_address", "string", "p:home"),
                ("recipient", "string", "p:name"),
            ],
        )
    ],  # noqa: E501
    "rail": [
        (
            "buy_train_ticket",
            "Buy a train ticket",
            [
                ("to_station", "string", "q:place"),
                ("travel_date", "string", "q:date"),
                ("from_station", "string", "p:city"),
                ("seat", "string", "p:seat"),
                ("traveller", "string", "p:name"),
            ],
        )
    ],  # noqa: E501
}
QUERIES = {
    "request_ride": [
        "Get me a car to {place}.",
        "I need a ride over to {place} now.",
        "Can you call a cab to {place}?",
    ],
    "place_grocery_order": [
        "Have {qty} packs of {grocery} brought to my place.",
        "Restock {grocery}, {qty} of them.",
    ],
    "buy_train_ticket": [
        "Find me a train to {place} on {date}.",
        "I'm heading to {place} by rail on {date}, sort the ticket.",
    ],  # noqa: E501
}
VALUES = {
    "place": ["the airport", "Central Station", "the city museum", "Harbour Point"],
    "grocery": ["oat milk", "basmati rice", "free-range eggs", "apples"],
}
NAMES = ["Mara Lind", "Tomasz Wróbel", "Aiyana Brooks", "Kenji Mori", "Leila Nasser", "Rui Costa"]
CITIES = ["Porto", "Graz", "Ghent", "Bergen", "Leeds"]
STREETS = ["Rosewood Close", "Mill Lane", "Quay Street", "Orchard Row"]
SEATS = ["window", "aisle"]


def _person(rng: random.Random) -> dict[str, str]:
    name = rng.choice(NAMES)
    return {
        "name": name,
        "city": rng.choice(CITIES),
        "home": f"{rng.randint(2, 180)} {rng.choice(STREETS)}",
        "phone": f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
        "seat": rng.choice(SEATS),
    }


def layout(rng: random.Random, person: dict[str, str], traits: list[str]) -> Any:
    """The profile in one of three layouts; every field value appears verbatim."""
    style = rng.choice(["nested", "list", "text"])
    character = ", ".join(traits)
    if style == "nested":
        return {
            "identity": {"full_name": person["name"], "hometown": person["city"]},
            "contact": {"mobile": person["phone"], "residence": person["home"]},
            "travel": {"seat_preference": person["seat"]},
            "character": character,
        }
    if style == "list":
        lines = [("Name", "name"), ("City", "city"), ("Home address", "home"), ("Phone", "phone")]
        lines.append(("Seat preference", "seat"))
        return "\n".join(
            [f"- {label}: {person[key]}" for label, key in lines] + [f"- Personality: {character}"]
        )
    return (
        f"{person['name']} is {character}. Based in {person['city']}.\nHome address: {person['home']}\n"
        f"Phone: {person['phone']}\nSeat preference: {person['seat']}"
    )


def generate_heldout(n_users: int = 12, queries_per_user: int = 4, seed: int = 0) -> list[dict[str, Any]]:
    """PTBench-format items from the held-out content; deterministic for a given seed."""
    rng = random.Random(seed)
    items = []
    for _ in range(n_users):
        person = _person(rng)
        prefs = {d: rng.choice(list(PLATFORMS[d])) for d in PLATFORMS}
        traits = [rng.choice(PLATFORMS[d][p][1]) for d, p in prefs.items()]
        profile = layout(rng, person, traits)
        for _ in range(queries_per_user):
            domain = rng.choice(list(PLATFORMS))
            verb, _, params = rng.choice(FUNCTIONS[domain])
            values: dict[str, Any] = {k: rng.choice(v) for k, v in VALUES.items()}
            values |= {
                "qty": rng.randint(2, 5),
                "date": f"2026-{rng.randint(1, 12):02d}-{rng.randint(10, 28):02d}",
            }
            answer: dict[str, Any] = {}
            qp: list[str] = []
            pp: list[str] = []
            for pname, _, source in params:
                kind, key = source.split(":")
                answer[pname] = [values[key] if kind == "q" else person[key]]
                (qp if kind == "q" else pp).append(pname)
            tools = [
                {
                    "name": f"{platform.lower()}_{v}",
                    "description": f"{description}. {PLATFORMS[domain][platform][0]}",
                    "platform": platform,
                    "parameters": {
                        "type": "object",
                        "properties": {p: {"type": t, "description": p.replace("_", " ")} for p, t, _ in ps},
                        "required": [p for p, _, _ in ps],
                    },
                }
                for platform in PLATFORMS[domain]
                for v, description, ps in FUNCTIONS[domain]
            ]
            items.append(
                {
                    "user_profile": profile,
                    "platforms": [{"name": p, "description": d} for p, (d, _) in PLATFORMS[domain].items()],
                    "tools": tools,
                    "query": rng.choice(QUERIES[verb]).format(**values),
                    "answer": [prefs[domain], [{f"{prefs[domain].lower()}_{verb}": answer}]],
                    "query_params": qp,
                    "profile_params": pp,
                }
            )
    return items
