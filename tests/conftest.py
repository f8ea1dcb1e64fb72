"""Shared fixtures.  Nothing here reaches the network: litellm's cost map is read locally and
models are loaded from installed packages."""

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
