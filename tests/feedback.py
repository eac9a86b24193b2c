"""Assertions on a checker's ``Feedback`` shared by the exercise tests."""


def assert_correct(feedback):
    assert feedback.status == "correct" and feedback, feedback


def assert_hint(feedback, *words):
    """A hint (never "correct") whose message names each of ``words``."""
    assert feedback.status == "hint" and not feedback, feedback
    for word in words:
        assert word in feedback.message, f"{word!r} not in {feedback.message!r}"


def assert_unsolved(feedback):
    assert feedback.status == "unsolved" and not feedback, feedback
    assert "not solved yet" in str(feedback)
