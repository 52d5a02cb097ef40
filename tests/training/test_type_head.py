"""The claim-type head refit: logistic regression on frozen features, kept only when it beats the joint head on dev."""

import numpy as np

from training.type_head import accuracy, choose_head, fit_logistic


def _blobs(n: int, seed: int, classes: int = 3, width: int = 12, spread: float = 1.0):
    rng = np.random.default_rng(seed)
    centres = np.eye(classes, width) * 3.0
    y = rng.integers(0, classes, n)
    return (centres[y] + rng.normal(0.0, spread, (n, width))).astype(np.float32), y


def test_fit_logistic_separates_classes_and_shrinks_with_a_smaller_c():
    x, y = _blobs(300, 0)
    strong = fit_logistic(x, y, c=10.0, n_classes=3)
    weak = fit_logistic(x, y, c=0.001, n_classes=3)
    assert accuracy(*strong, x, y) > 0.9
    assert np.abs(weak[0]).sum() < np.abs(strong[0]).sum()  # a stronger penalty, smaller weights


def test_the_refit_replaces_a_worse_joint_head():
    x, y = _blobs(300, 1)
    xd, yd = _blobs(100, 2)
    untrained = (np.zeros((3, 12), np.float32), np.array([0.0, 0.0, 1.0], np.float32))  # always class 2
    report, head = choose_head(x, y, xd, yd, untrained, grid=(0.01, 1.0))
    assert head is not None and report["chosen_c"] in (0.01, 1.0)
    assert set(report["tried"]) == {"0.01", "1.0"} and report["joint_dev_acc"] < max(report["tried"].values())
    assert accuracy(*head, xd, yd) == max(report["tried"].values())


def test_a_joint_head_as_good_on_dev_is_kept():
    x, y = _blobs(300, 3)
    xd, yd = _blobs(100, 4, spread=0.1)  # the joint head is right on every dev claim
    perfect = (np.eye(3, 12, dtype=np.float32) * 100.0, np.zeros(3, np.float32))  # the class centres themselves
    report, head = choose_head(x, y, xd, yd, perfect, grid=(0.001,))
    assert head is None and report["chosen_c"] is None and report["joint_dev_acc"] >= report["tried"]["0.001"]


def test_too_little_data_keeps_the_joint_head():
    x, y = _blobs(10, 5, classes=1)
    joint = (np.zeros((3, 12), np.float32), np.zeros(3, np.float32))
    report, head = choose_head(x, y, x, y, joint)
    assert head is None and report["tried"] == {}


def test_int8_is_served_only_within_half_a_point_on_every_headline_metric():
    from training.int8_typing import within_rule

    fp32 = {"claim type acc": 0.817, "sanctions event F1": 0.7254, "measures F1": 0.8748}
    assert within_rule(fp32, {"claim type acc": 0.812, "sanctions event F1": 0.7207, "measures F1": 0.8748})
    assert within_rule(fp32, {"claim type acc": 0.833, "sanctions event F1": 0.7254, "measures F1": 0.9})
    assert not within_rule(fp32, {"claim type acc": 0.8119, "sanctions event F1": 0.7254, "measures F1": 0.8748})
    assert not within_rule(fp32, {"claim type acc": 0.817, "sanctions event F1": 0.7254, "measures F1": 0.8697})
