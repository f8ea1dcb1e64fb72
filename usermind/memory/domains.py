"""Life domains, for telling which stated preference bears on a request.

Sentence embeddings rate "I have a severe nut allergy." and "Recommend some local dishes in Thailand."
as barely related: the words differ, though both are about food.  Each text also gets a soft profile
over broad life domains (cosine to a short description of each, softmax), and two texts agree as much
as their profiles do.  The domains are generic areas of everyday life, not a benchmark's topics.
"""

from __future__ import annotations

import numpy as np

DOMAINS = (
    "food, eating, meals, dishes, restaurants, cuisine, diet, cooking, recipes, snacks, drinks",
    "travel, trips, vacations, sightseeing, tours, destinations, itineraries, tourist attractions",
    "hotels, accommodation, lodging, places to stay, rooms, guesthouses, rentals",
    "transport, getting around, flights, trains, buses, driving, cars, commuting",
    "movies, films, television shows, series, streaming, cinema",
    "music, songs, concerts, bands, podcasts, listening",
    "books, reading, novels, literature, audiobooks",
    "video games, board games, gaming, playing",
    "exercise, fitness, workouts, sports, gym, training",
    "health, medical conditions, medicine, allergies, sleep, wellbeing",
    "clothing, fashion, shoes, outfits, shopping for clothes",
    "technology, gadgets, computers, phones, devices, software",
    "home, furniture, decoration, interior design, rooms, plants",
    "pets, animals, dogs, cats, pet care",
    "learning, studying, education, courses, skills, school",
    "parties, celebrations, gifts, events, socialising, friends",
    "work, career, job, office, productivity",
    "money, budget, prices, costs, saving",
)


def profiles(vectors: np.ndarray, domains: np.ndarray, temperature: float) -> np.ndarray:
    """Unit-length softmax profiles of ``vectors`` (rows) over ``domains`` (rows)."""
    logits = np.atleast_2d(vectors) @ domains.T / temperature
    weights = np.exp(logits - logits.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    return weights / np.linalg.norm(weights, axis=1, keepdims=True)


def agreement(query: np.ndarray, vectors: np.ndarray, domains: np.ndarray, temperature: float) -> np.ndarray:
    """How much each row of ``vectors`` shares the query's life domains (0..1)."""
    if not len(vectors):
        return np.zeros(0, dtype=np.float32)
    return (profiles(vectors, domains, temperature) @ profiles(query, domains, temperature)[0]).astype(
        np.float32
    )
