"""Encoder runtime comparison: the quality table flags a drop of more than half a point."""

from evaluation.encoder_runtimes import HEADLINE, quality_table


def _scores(**changes):
    base = {label: 0.8 for label, _ in HEADLINE}
    base.update(changes)
    return base


def test_quality_table_marks_drops_over_half_a_point():
    results = {"model": "m 1", "runtimes": {
        "torch": {"used": "torch", "scores": {"dev": _scores()}},
        "onnx": {"used": "onnx", "scores": {"dev": _scores(**{"entity F1": 0.797})}},
        "onnx-int8": {"used": "onnx-int8", "scores": {"dev": _scores(**{"measures F1": 0.79})}},
    }}
    rows = {line.split("|")[2].strip(): line for line in quality_table(results).splitlines()[2:]}
    assert rows["onnx"].rstrip(" |").endswith("-0.3")
    assert "0.797 (-0.3)" in rows["onnx"]
    assert rows["onnx-int8"].rstrip(" |").endswith("-1.0 ✗")
