"""PNG plots of an evaluation report: claim-type and status confusion matrices, per-label entity F1 bars."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from models.labels import CLAIM_TYPES, ENTITY_LABELS, STATUSES  # noqa: E402


def _confusion(matrix: dict[str, dict[str, int]], labels: tuple[str, ...], title: str, path: Path) -> None:
    grid = [[matrix.get(g, {}).get(p, 0) for p in labels] for g in labels]
    fig, ax = plt.subplots(figsize=(7, 6))
    ax.imshow(grid, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def reliability_plot(calibration: dict[str, Any], title: str, path: Path) -> None:
    """Reliability diagram: accuracy against mean confidence per bin, one panel per kind, one line per set."""
    kinds = ("claims", "sanctions")
    fig, axes = plt.subplots(1, len(kinds), figsize=(10, 4.5))
    for ax, kind in zip(axes, kinds):
        ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="calibrated")
        for which, marker in (("test", "o"), ("realnews", "s")):
            v = (calibration.get(which) or {}).get(kind)
            if not v or not v["bins"]:
                continue
            bins = [b for b in v["bins"] if b["count"]]
            ax.plot([b["mean_confidence"] for b in bins], [b["accuracy"] for b in bins], marker=marker,
                    label=f"{which} (n={v['n']}, ECE {v['ece']:.3f})")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("confidence")
        ax.set_ylabel("share right")
        ax.set_title(kind)
        ax.legend(fontsize=7, loc="upper left")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_plots(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write the plots for the evaluated model (the last system); returns their paths."""
    written: list[Path] = []
    model = report["systems"][-1]
    if model.get("calibration"):
        path = out_dir / "reliability.png"
        reliability_plot(model["calibration"], f"reliability: {model['system']}", path)
        written.append(path)
    test = model.get("test")
    if not test:
        return written
    path = out_dir / "claim_type_confusion.png"
    _confusion(test["claims"]["type_confusion"], CLAIM_TYPES, f"claim types: {model['system']}", path)
    written.append(path)
    path = out_dir / "status_confusion.png"
    _confusion(test["sanctions"]["status_confusion"], STATUSES, f"sanction status: {model['system']}", path)
    written.append(path)
    systems = [s for s in report["systems"] if s.get("test")]
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / max(1, len(systems))
    for k, s in enumerate(systems):
        values = [s["test"]["entities"]["per_label"].get(lab, {}).get("f1", 0.0) for lab in ENTITY_LABELS]
        ax.bar([i + k * width for i in range(len(ENTITY_LABELS))], values, width, label=s["system"])
    ax.set_xticks([i + width * (len(systems) - 1) / 2 for i in range(len(ENTITY_LABELS))], ENTITY_LABELS)
    ax.set_ylim(0, 1)
    ax.set_ylabel("F1 (exact spans)")
    ax.set_title("entities per label, test split")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = out_dir / "entity_f1_per_label.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    written.append(path)
    return written
