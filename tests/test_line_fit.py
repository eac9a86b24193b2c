"""lecturekit.line_fit: notebook 03's data with outliers and gradient descent on a line."""
import numpy as np
import pytest

from lecturekit.line_fit import fit_line, outlier_data


def test_outlier_data_is_a_line_with_a_few_points_far_below_it():
    x, y, outliers = outlier_data(n=40, n_outliers=3, seed=0)
    assert x.shape == y.shape == outliers.shape == (40,)
    assert outliers.sum() == 3 and np.all(np.diff(x) >= 0)
    assert np.all(np.abs(y[~outliers] - (2 * x[~outliers] + 1)) < 1.0)  # noise of sd 0.2 around y = 2x + 1
    assert np.all(y[outliers] < 2 * x[outliers] + 1 - 3)  # 5 below the line
    assert x[outliers].min() > np.median(x), "the outliers sit at the right end"
    np.testing.assert_array_equal(outlier_data(seed=0)[1], y)  # the same seed, the same data


def test_fit_line_is_gradient_descent_on_the_loss():
    x, y, _ = outlier_data()
    path = fit_line(x, y, "mse", lr=0.2, steps=200)
    assert path.shape == (201, 2) and tuple(path[0]) == (0.0, 0.0)
    # MSE has a closed-form optimum: least squares.
    m, c = np.polyfit(x, y, 1)
    np.testing.assert_allclose(path[-1], [m, c], atol=1e-6)


def test_fit_line_passes_the_loss_parameters():
    x, y, _ = outlier_data()
    narrow, wide = fit_line(x, y, "huber", delta=0.1)[-1], fit_line(x, y, "huber", delta=100.0)[-1]
    np.testing.assert_allclose(wide, fit_line(x, y, "mse")[-1], atol=1e-6)  # a huge delta is MSE
    assert abs(narrow[0] - 2) < abs(wide[0] - 2)


def test_outliers_pull_the_mse_fit_but_not_the_robust_ones():
    x, y, outliers = outlier_data()
    assert outliers.sum() == 3
    slopes = {name: fit_line(x, y, name)[-1, 0] for name in ("mse", "mae", "huber", "log_cosh")}
    # the clean data follow slope 2; the outliers drag the MSE slope down by far the most
    for name in ("mae", "huber", "log_cosh"):
        assert abs(slopes[name] - 2) < 0.5 * abs(slopes["mse"] - 2), slopes


def test_zero_steps_is_the_start():
    np.testing.assert_array_equal(fit_line([0.0, 1.0], [1.0, 3.0], "mse", steps=0), [[0.0, 0.0]])
    with pytest.raises(ValueError, match="unknown loss"):
        fit_line([0.0, 1.0], [1.0, 3.0], "msee")
