"""PNG plots of benchmark results (matplotlib, headless)."""

from __future__ import annotations

from pathlib import Path


def bar_plot(groups: dict[str, dict[str, float]], title: str, path: Path, ylabel: str = "recall") -> Path:
    """Grouped bars: one group per key of ``groups``, one bar per inner key."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(groups)
    series = list(dict.fromkeys(s for values in groups.values() for s in values))  # first-seen order
    width = 0.8 / max(len(series), 1)
    fig, ax = plt.subplots(figsize=(max(6, 1.4 * len(names)), 4))
    for i, s in enumerate(series):
        xs = [n + i * width for n in range(len(names))]
        ax.bar(xs, [groups[g].get(s, 0.0) for g in names], width, label=s)
    ax.set_xticks([n + width * (len(series) - 1) / 2 for n in range(len(names))], names)
    ax.set_ylim(0, 1)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
