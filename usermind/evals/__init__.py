"""Benchmark harnesses: LoCoMo retrieval/verification, OP-Bench over-personalization, and speed."""
