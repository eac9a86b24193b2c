"""lecturekit.descent: the paths of the optimizers on 2-D loss surfaces are their update rules."""
import warnings

import numpy as np
import pytest

from lecturekit.descent import DIVERGED, METHODS, descend, get_surface
from lecturekit.gradcheck import check_function


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.15, 0.21])
def test_gradient_descent_on_the_bowl_is_the_closed_form(lr):
    """On C = (w1^2 + 10 w2^2)/2 each step multiplies w_i by (1 - eta lambda_i)."""
    bowl = get_surface("bowl")
    path = descend(bowl.grad, bowl.start, lr, 25)
    k = np.arange(26)[:, None]
    assert np.allclose(path, bowl.start * (1 - lr * np.array([1.0, 10.0])) ** k, rtol=1e-12)


def test_momentum_and_adam_follow_their_update_rules():
    bowl = get_surface("bowl")
    w0 = bowl.start
    p = descend(bowl.grad, w0, 0.01, 2, "momentum", momentum=0.9)
    v1 = -0.01 * bowl.grad(w0)
    v2 = 0.9 * v1 - 0.01 * bowl.grad(w0 + v1)
    assert np.allclose(p, [w0, w0 + v1, w0 + v1 + v2])
    # Adam's first step has length eta in every coordinate, whatever the gradient's scale
    a = descend(bowl.grad, w0, 0.1, 1, "adam")
    assert np.allclose(a[1] - w0, -0.1 * np.sign(bowl.grad(w0)), rtol=1e-6)


def test_rosenbrock_gradient_is_right():
    ros = get_surface("rosenbrock")
    f = lambda w: ros.loss(w[0], w[1])  # noqa: E731 (the loss as a function of one point, as gradcheck takes it)
    for point in ([-1.5, 2.0], [0.3, -0.4], [1.2, 1.0], [2.0, 0.5]):
        assert check_function(f, ros.grad, point) < 1e-8
    assert ros.loss(*ros.minimum) == 0.0 and np.allclose(ros.grad(ros.minimum), 0.0)


@pytest.mark.parametrize("surface", ["bowl", "rosenbrock"])
@pytest.mark.parametrize("method", list(METHODS))
def test_a_diverging_path_stops_quietly(surface, method):
    s = get_surface(surface)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning, ever
        path = descend(s.grad, s.start, 5.0 if method != "adam" else 50.0, 200, method)
    assert path.shape == (201, 2) and np.all(np.isfinite(path[0]))
    if method != "adam":
        assert np.isnan(path[-1]).all()


def test_a_path_stops_where_it_leaves_the_disc():
    """The last point kept is inside |w| < DIVERGED, the next would not be."""
    bowl = get_surface("bowl")
    path = descend(bowl.grad, bowl.start, 0.5, 50)  # w_2 is multiplied by -4 per step
    kept = path[~np.isnan(path).any(axis=1)]
    assert np.all(np.abs(kept) < DIVERGED) and 5 < len(kept) < 50
    assert np.abs(kept[-1] * (1 - 0.5 * np.array([1.0, 10.0]))).max() >= DIVERGED


def test_the_start_is_not_changed_and_integer_starts_are_fine():
    bowl = get_surface("bowl")
    start = np.array([-4.0, 2.0])
    descend(bowl.grad, start, 0.1, 5, "adam")
    assert np.array_equal(start, [-4.0, 2.0])
    assert np.allclose(descend(bowl.grad, [-4, 2], 0.1, 3), descend(bowl.grad, start, 0.1, 3), rtol=0)


def test_bad_arguments_raise_clear_errors():
    bowl = get_surface("bowl")
    with pytest.raises(ValueError, match="unknown surface 'ball'"):
        get_surface("ball")
    with pytest.raises(ValueError, match="unknown method 'sgd'"):
        descend(bowl.grad, bowl.start, 0.1, 5, "sgd")
    with pytest.raises(ValueError, match="lr must be a positive number"):
        descend(bowl.grad, bowl.start, 0.0, 5)
    with pytest.raises(ValueError, match="steps must be a non-negative int"):
        descend(bowl.grad, bowl.start, 0.1, 2.5)
    with pytest.raises(ValueError, match=r"start must be a point of shape \(2,\)"):
        descend(bowl.grad, [1.0, 2.0, 3.0], 0.1, 5)
    with pytest.raises(ValueError, match=r"momentum must be a number in \[0, 1\)"):
        descend(bowl.grad, bowl.start, 0.1, 5, "momentum", momentum=1.0)


@pytest.mark.parametrize("method", list(METHODS))
def test_descend_runs_lecturekit_optimizers(method):
    """The path is the optimizer of lecturekit.optimizers stepped by hand: one update rule for networks and paths."""
    from lecturekit import optimizers

    ros = get_surface("rosenbrock")
    path = descend(ros.grad, ros.start, 0.002, 30, method, momentum=0.8, betas=(0.8, 0.99), eps=1e-6)
    opt = optimizers.make(METHODS[method], 0.002, momentum=0.8, betas=(0.8, 0.99), eps=1e-6)
    w = ros.start.copy()
    for point in path[1:]:
        opt.step([w], [ros.grad(w)])
        np.testing.assert_array_equal(point, w)
