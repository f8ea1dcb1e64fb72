"""Canned judge answers shared by the LoCoMo QA tests."""

JUDGE_CORRECT = '{"label": "CORRECT", "reason": "same answer"}'
