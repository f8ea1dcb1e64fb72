"""A seeded PTBench-style data generator, for development and tests (not the real benchmark).

Five scenarios, three functionally equivalent platforms each (their tools have different names and
parameter names), users whose profiles carry basic features and platform preferences stated either
explicitly (usage history) or only implicitly (traits that match a platform's description).
"""

from __future__ import annotations

import json
import random
from typing import Any

# scenario -> platform -> (description, trait phrases that imply it)
PLATFORMS: dict[str, dict[str, tuple[str, list[str]]]] = {
    "shopping": {
        "BargainBay": (
            "Marketplace with the lowest prices, coupons and bulk discounts; slower shipping.",
            ["very price-conscious and hunts for coupons", "on a tight budget, always compares prices"],
        ),
        "SwiftCart": (
            "Online store with same-day and next-day delivery for urgent purchases.",
            ["impatient, wants purchases delivered the same day", "values fast shipping above all"],
        ),
        "LuxeMall": (
            "Premium mall of authentic designer brands with quality guarantees.",
            ["loves luxury designer brands", "cares about authenticity and premium quality"],
        ),
    },
    "takeout": {
        "FeastNow": (
            "Food delivery app with daily deals and cheap combo meals.",
            ["looks for cheap meal deals", "students-style budget eating, likes combo discounts"],
        ),
        "QuickBite": (
            "Fastest food delivery, guaranteed within 20 minutes.",
            ["hates waiting for food", "needs meals delivered as quickly as possible"],
        ),
        "GourmetGo": (
            "Delivery from fine-dining and Michelin-starred restaurants.",
            ["a foodie who enjoys fine dining", "prefers high-end restaurant cuisine"],
        ),
    },
    "entertainment": {
        "ClipTok": (
            "Short-form trending video clips and viral content.",
            ["enjoys short viral clips", "follows trending short videos"],
        ),
        "CineVault": (
            "Streaming service for feature films, series and documentaries.",
            ["a cinephile who watches full-length films", "binge-watches documentaries and series"],
        ),
        "KidsZone": (
            "Family-friendly cartoons and educational shows for children.",
            ["a parent of young kids who wants child-safe content", "watches cartoons with the children"],
        ),
    },
    "travel": {
        "BudgetFly": (
            "Low-cost airline tickets and cheap hostels.",
            ["a backpacker travelling cheaply", "always picks the cheapest fares"],
        ),
        "ComfortAir": (
            "Business-class flights and five-star hotels with lounge access.",
            ["travels business class for comfort", "stays in five-star hotels"],
        ),
        "TripEase": (
            "Flexible bookings with free cancellation and package tours.",
            ["plans often change, needs free cancellation", "likes all-inclusive package tours"],
        ),
    },
    "work": {
        "SecureDesk": (
            "Enterprise workspace with end-to-end encryption and compliance controls.",
            ["works with confidential data and needs strict security", "a compliance officer"],
        ),
        "ChatterBox": (
            "Casual instant messaging for quick team chats and emojis.",
            ["likes quick informal team chats", "communicates mostly through instant messages"],
        ),
        "MailPro": (
            "Formal email and calendar suite for external clients.",
            ["writes formal emails to clients", "manages a busy client calendar"],
        ),
    },
}

# scenario -> functions: (verb phrase, description, [(param, type, source)]) ; source "q" query or "p:<key>"
FUNCTIONS: dict[str, list[tuple[str, str, list[tuple[str, str, str]]]]] = {
    "shopping": [
        (
            "order",
            "Place an order for a product delivered to an address",
            [
                ("product", "string", "q:item"),
                ("quantity", "integer", "q:qty"),
                ("address", "string", "p:home_address"),
                ("phone", "string", "p:phone_number"),
            ],
        ),
        ("search", "Search the catalogue for products matching a keyword", [("keyword", "string", "q:item")]),
    ],
    "takeout": [
        (
            "deliver",
            "Order a dish for delivery",
            [
                ("dish", "string", "q:item"),
                ("quantity", "integer", "q:qty"),
                ("address", "string", "p:work_address"),
                ("contact", "string", "p:phone_number"),
            ],
        ),
    ],
    "entertainment": [
        ("play", "Play a video or show by title", [("title", "string", "q:title")]),
        (
            "subscribe",
            "Subscribe to a membership plan",
            [("plan", "string", "q:plan"), ("email", "string", "p:email")],
        ),
    ],
    "travel": [
        (
            "book_flight",
            "Book a flight ticket to a destination on a date",
            [
                ("destination", "string", "q:city"),
                ("date", "string", "q:date"),
                ("departure_city", "string", "p:city"),
                ("passenger_name", "string", "p:name"),
                ("phone", "string", "p:phone_number"),
            ],
        ),
        (
            "book_hotel",
            "Book a hotel room in a city",
            [
                ("city", "string", "q:city"),
                ("nights", "integer", "q:qty"),
                ("guest_name", "string", "p:name"),
                ("email", "string", "p:email"),
            ],
        ),
    ],
    "work": [
        (
            "schedule_meeting",
            "Schedule a meeting at a date and time",
            [
                ("topic", "string", "q:topic"),
                ("date", "string", "q:date"),
                ("time", "string", "q:time"),
                ("organizer_email", "string", "p:email"),
            ],
        ),
    ],
}
_ITEMS = {
    "shopping": ["wireless earbuds", "running shoes", "a desk lamp", "a yoga mat", "coffee beans"],
    "takeout": ["pepperoni pizza", "chicken burrito", "pad thai", "sushi platter", "veggie burger"],
}
_TITLES = ["The Silent Sea", "Ocean Planet", "Paw Patrol", "Cooking Hacks", "Night Train"]
_PLANS = ["monthly", "annual", "family"]
_CITIES = ["Tokyo", "Lisbon", "Chicago", "Nairobi", "Oslo"]
_TOPICS = ["budget review", "product launch", "quarterly planning", "design sync"]
_TEMPLATES = {
    "order": [
        "Buy {qty} of {item} for me.",
        "Please order {qty} x {item}.",
        "I need {qty} {item}, order them.",
    ],
    "search": ["Search for {item}.", "Look up {item} for me.", "Find {item}."],
    "deliver": ["Get me {qty} {item} delivered to the office.", "Order {qty} {item} to my workplace."],
    "play": ["Play {title}.", "Put on '{title}' please."],
    "subscribe": ["Subscribe me to the {plan} plan.", "Sign me up for a {plan} membership."],
    "book_flight": ["Book a flight to {city} on {date}.", "I need a plane ticket to {city} for {date}."],
    "book_hotel": ["Book a hotel in {city} for {qty} nights.", "Reserve a room in {city}, {qty} nights."],
    "schedule_meeting": [
        "Schedule a meeting about {topic} on {date} at {time}.",
        "Set up a {topic} meeting {date} at {time}.",
    ],
}
_FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jia", "Kofi", "Lena"]
_LAST = ["Silva", "Okafor", "Müller", "Tanaka", "Novak", "Haddad", "Reyes", "Larsen"]
_STREETS = ["Maple Ave", "Harbor Rd", "King St", "Elm Way", "Sunset Blvd", "Park Lane"]


def _prefix(platform: str) -> str:
    """A platform's tool-name prefix: the initials of its name ("BargainBay": "bb")."""
    return "".join(c for c in platform if c.isupper()).lower()


def _tools(scenario: str, platform: str) -> list[dict[str, Any]]:
    out = []
    for verb, desc, params in FUNCTIONS[scenario]:
        props = {p: {"type": t, "description": f"the {p.replace('_', ' ')}"} for p, t, _ in params}
        out.append(
            {
                "name": f"{_prefix(platform)}_{verb}",
                "description": f"{desc} on {platform}.",
                "platform": platform,
                "parameters": {"type": "object", "properties": props, "required": [p for p, _, _ in params]},
            }
        )
    return out


def _user(rng: random.Random) -> dict[str, Any]:
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    prefs = {s: rng.choice(list(PLATFORMS[s])) for s in PLATFORMS}
    explicit = rng.random() < 0.5
    behaviour = []
    for s, p in prefs.items():
        if explicit:
            behaviour.append(
                rng.choice(
                    [f"Frequently uses {p}", f"Has placed many orders on {p}", f"Mostly uses {p} for {s}"]
                )
            )
        else:
            behaviour.append(rng.choice(PLATFORMS[s][p][1]))
    basic = {
        "name": name,
        "age": rng.randint(19, 70),
        "gender": rng.choice(["female", "male"]),
        "occupation": rng.choice(["nurse", "engineer", "teacher", "designer", "student"]),
        "city": rng.choice(["Boston", "Denver", "Austin", "Seattle"]),
        "home_address": f"{rng.randint(1, 999)} {rng.choice(_STREETS)}",
        "work_address": f"{rng.randint(1, 999)} {rng.choice(_STREETS)}, Suite {rng.randint(1, 40)}",
        "phone_number": f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        "email": f"{name.split()[0].lower()}{rng.randint(1, 99)}@example.com",
    }
    return {"profile": {"basic_features": basic, "user_behavior": "; ".join(behaviour)}, "prefs": prefs}


def _query_values(rng: random.Random, scenario: str) -> dict[str, Any]:
    return {
        "item": rng.choice(_ITEMS.get(scenario, ["tea"])),
        "qty": rng.randint(2, 6),
        "title": rng.choice(_TITLES),
        "plan": rng.choice(_PLANS),
        "city": rng.choice(_CITIES),
        "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(10, 28):02d}",
        "time": f"{rng.randint(9, 17):02d}:00",
        "topic": rng.choice(_TOPICS),
    }


def generate(
    n_users: int = 20, queries_per_user: int = 6, seed: int = 0, profile_as_string: float = 0.2
) -> list[dict[str, Any]]:
    """PTBench-format items (see DESIGN.md); deterministic for a given seed."""
    rng = random.Random(seed)
    items = []
    for _ in range(n_users):
        user = _user(rng)
        for _ in range(queries_per_user):
            scenario = rng.choice(list(PLATFORMS))
            verb, _, params = rng.choice(FUNCTIONS[scenario])
            platform = user["prefs"][scenario]
            values = _query_values(rng, scenario)
            query = rng.choice(_TEMPLATES[verb]).format(**values)
            if rng.random() < 0.1:
                platform = rng.choice(list(PLATFORMS[scenario]))
                query = f"{query[:-1]} on {platform}."
            basic = user["profile"]["basic_features"]
            answer_params: dict[str, Any] = {}
            qp: list[str] = []
            pp: list[str] = []
            for pname, ptype, source in params:
                kind, key = source.split(":")
                value = values[key] if kind == "q" else basic[key]
                if key == "item" and str(value).startswith("a "):
                    value = value[2:]
                answer_params[pname] = [value] if ptype != "string" else [str(value)]
                (qp if kind == "q" else pp).append(pname)
            tools = [t for p in PLATFORMS[scenario] for t in _tools(scenario, p)]
            platforms = [{"name": p, "description": PLATFORMS[scenario][p][0]} for p in PLATFORMS[scenario]]
            profile: Any = user["profile"]
            if rng.random() < profile_as_string:
                profile = json.dumps(profile)
            items.append(
                {
                    "user_profile": profile,
                    "platforms": platforms,
                    "tools": tools,
                    "query": query,
                    "answer": [platform, [{f"{_prefix(platform)}_{verb}": answer_params}]],
                    "query_params": qp,
                    "profile_params": pp,
                }
            )
    return items
