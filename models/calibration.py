"""Confidence calibration: isotonic or Platt maps fitted on dev outcomes, expected calibration error, reliability bins.

A confidence is calibrated when, among outputs given confidence c, a share c is correct.
Isotonic regression (pool-adjacent-violators) or Platt scaling (a logistic map of the
log-odds) on (raw confidence, correct) pairs from the dev split gives a monotone map stored
as knots; applying it is a linear interpolation between knots. Pure numpy; no pipeline state.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy

Knots = list[tuple[float, float]]


class ReliabilityBin(NamedTuple):
    lo: float
    hi: float
    count: int
    mean_confidence: float
    accuracy: float


def fit_isotonic(confidences: Sequence[float], correct: Sequence[bool]) -> Knots:
    """Knots (x, y) of the monotone non-decreasing map that best fits `correct` from `confidences`."""
    if len(confidences) != len(correct):
        raise ValueError(f"{len(confidences)} confidences but {len(correct)} outcomes")
    if len(confidences) == 0:
        return []
    order = numpy.argsort(numpy.asarray(confidences, dtype=float), kind="stable")
    xs = numpy.asarray(confidences, dtype=float)[order]
    ys = numpy.asarray(correct, dtype=float)[order]
    # pool adjacent violators: blocks of (sum, count, first x, last x)
    blocks: list[list[float]] = []
    for x, y in zip(xs, ys):
        blocks.append([y, 1.0, x, x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, n, _, last = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += n
            blocks[-1][3] = last
    knots: Knots = []
    for s, n, first, last in blocks:
        value = round(s / n, 4)
        knots.append((round(float(first), 4), value))
        if last != first:
            knots.append((round(float(last), 4), value))
    return knots


def fit_platt(confidences: Sequence[float], correct: Sequence[bool], steps: int = 2000) -> Knots:
    """Platt scaling: a logistic map of the confidence's log-odds (two parameters), as 101 knots over [0, 1]."""
    if len(confidences) == 0:
        return []
    eps = 1e-4
    conf = numpy.clip(numpy.asarray(confidences, dtype=float), eps, 1 - eps)
    y = numpy.asarray(correct, dtype=float)
    x = numpy.log(conf / (1 - conf))
    a, b = 1.0, 0.0
    for _ in range(steps):  # gradient descent on the log loss (convex in a, b)
        p = 1 / (1 + numpy.exp(-(a * x + b)))
        a -= 0.5 * float(((p - y) * x).mean())
        b -= 0.5 * float((p - y).mean())
    grid = numpy.clip(numpy.linspace(0.0, 1.0, 101), eps, 1 - eps)
    values = 1 / (1 + numpy.exp(-(a * numpy.log(grid / (1 - grid)) + b)))
    return [(round(float(g), 4), round(float(v), 4)) for g, v in zip(numpy.linspace(0.0, 1.0, 101), values)]


def cross_validated_ece(confidences: Sequence[float], correct: Sequence[bool], fit, folds: int = 5) -> float:  # type: ignore[no-untyped-def]
    """ECE of `fit` (a knots fitter) on held-out folds of the data: how well the method generalizes."""
    conf = list(confidences)
    ok = list(correct)
    mapped: list[float] = []
    truth: list[bool] = []
    for k in range(folds):
        train = [i for i in range(len(conf)) if i % folds != k]
        held = [i for i in range(len(conf)) if i % folds == k]
        knots = fit([conf[i] for i in train], [ok[i] for i in train])
        mapped += [apply_knots(knots, conf[i]) for i in held]
        truth += [ok[i] for i in held]
    return expected_calibration_error(mapped, truth)


def apply_knots(knots: Knots, confidence: float) -> float:
    """The calibrated confidence; the identity when no map was fitted."""
    if not knots:
        return float(confidence)
    xs, ys = zip(*knots)
    return float(numpy.interp(confidence, xs, ys))


def reliability(confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10) -> list[ReliabilityBin]:
    """Equal-width bins over [0, 1]: count, mean confidence and accuracy of the outputs in each."""
    conf = numpy.asarray(confidences, dtype=float)
    ok = numpy.asarray(correct, dtype=float)
    bins = []
    for k in range(n_bins):
        lo, hi = k / n_bins, (k + 1) / n_bins
        mask = (conf >= lo) & ((conf < hi) if k < n_bins - 1 else (conf <= hi))
        n = int(mask.sum())
        bins.append(ReliabilityBin(lo, hi, n, float(conf[mask].mean()) if n else 0.0, float(ok[mask].mean()) if n else 0.0))
    return bins


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10) -> float:
    """Mean |accuracy - confidence| over bins, weighted by their share of outputs (0 = calibrated)."""
    total = len(confidences)
    if total == 0:
        return 0.0
    return sum(b.count / total * abs(b.accuracy - b.mean_confidence) for b in reliability(confidences, correct, n_bins))
