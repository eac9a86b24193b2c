"""``import lecturekit`` stays light: numpy only, no TensorFlow, no matplotlib, no scipy."""
import subprocess
import sys


def run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()


def test_import_does_not_load_heavy_libraries():
    heavy = ["tensorflow", "keras", "matplotlib", "ipywidgets", "IPython", "scipy"]
    code = "import sys, lecturekit; print(*[m in sys.modules for m in %r])" % heavy
    assert run(code) == ["False"] * len(heavy)


def test_submodules_are_found_lazily_and_numpy_modules_stay_light():
    code = (
        "import sys, lecturekit as lk; lk.data; lk.neuron; lk.activations; lk.losses; lk.progress; lk.network; "
        "print('tensorflow' in sys.modules, 'matplotlib' in sys.modules, 'scipy' in sys.modules)"
    )
    assert run(code) == ["False", "False", "False"]  # (scipy is no dependency: no module may need it)


def test_no_module_imports_tensorflow_until_a_function_needs_it():
    import pkgutil

    import lecturekit

    names = [m.name for m in pkgutil.walk_packages(lecturekit.__path__, "lecturekit.")]
    code = (
        "import importlib, sys\n"
        "for n in %r: importlib.import_module(n)\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    ) % names
    assert run(code) == ["False", "False"], "a lecturekit module imports TensorFlow at import time"


def test_unknown_attribute_is_an_attribute_error():
    import lecturekit as lk

    try:
        lk.no_such_thing
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
