"""Isotonic calibration, ECE and the calibrator component."""

import pytest

from models.calibration import apply_knots, expected_calibration_error, fit_isotonic, reliability


def test_isotonic_is_monotone_and_fits_rates():
    conf = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]
    ok = [0, 0, 1, 0, 1, 1, 0, 1]
    knots = fit_isotonic(conf, ok)
    ys = [apply_knots(knots, c) for c in conf]
    assert ys == sorted(ys)
    assert apply_knots(knots, 0.1) == 0.0 and apply_knots(knots, 0.9) == 1.0
    assert apply_knots([], 0.42) == 0.42  # no map fitted: the identity


def test_ece_zero_when_calibrated_and_large_when_overconfident():
    assert expected_calibration_error([0.95] * 20, [True] * 19 + [False]) == pytest.approx(0.0, abs=1e-9)
    assert expected_calibration_error([0.99] * 10, [False] * 10) == pytest.approx(0.99)
    assert sum(b.count for b in reliability([0.0, 0.5, 1.0], [0, 1, 1])) == 3


def test_fitting_lowers_ece_of_overconfident_scores():
    conf = [0.9] * 50 + [0.6] * 50
    ok = [True] * 25 + [False] * 25 + [True] * 10 + [False] * 40
    knots = fit_isotonic(conf, ok)
    after = [apply_knots(knots, c) for c in conf]
    assert expected_calibration_error(after, ok) < 0.01 < expected_calibration_error(conf, ok)


def test_calibrator_component_round_trip(nlp, tmp_path):
    from models.components.calibrator import ConfidenceCalibrator

    calib = ConfidenceCalibrator(nlp, "calibrator")
    calib.set_knots("claims", [(0.0, 0.1), (1.0, 0.3)])
    calib.to_disk(tmp_path / "calibrator")
    loaded = ConfidenceCalibrator(nlp, "calibrator").from_disk(tmp_path / "calibrator")
    doc = nlp("The ministry said the sanctions were \"a mistake\".")
    assert doc._.claims
    doc._.claims[0]["confidence"] = 1.0
    loaded(doc)
    assert doc._.claims[0]["confidence"] == pytest.approx(0.3) and doc._.claims[0]["raw_confidence"] == 1.0
    with pytest.raises(ValueError):
        calib.set_knots("entities", [])


def test_platt_is_monotone_and_bounded():
    from models.calibration import cross_validated_ece, fit_platt

    conf = [0.2, 0.4, 0.6, 0.8] * 50
    ok = [c > 0.5 for c in conf[:100]] + [c > 0.3 for c in conf[100:]]
    knots = fit_platt(conf, ok)
    ys = [apply_knots(knots, c) for c in (0.1, 0.3, 0.5, 0.7, 0.9)]
    assert ys == sorted(ys) and 0.0 <= ys[0] and ys[-1] <= 1.0
    assert cross_validated_ece(conf, ok, fit_platt) >= 0.0
    assert fit_platt([], []) == []
