"""The model layer: generation through litellm, the embedded local model, embeddings."""

import os

# Before anything imports litellm: no network fetch of the cost map, no telemetry.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("LITELLM_TELEMETRY", "False")
