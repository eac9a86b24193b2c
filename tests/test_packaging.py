"""pyproject.toml, environment.yml and binder/ name the same packages; CI runs the README."""
import re

from pathlib import Path

import pytest
import yaml

tomllib = pytest.importorskip("tomllib")  # Python >= 3.11

ROOT = Path(__file__).resolve().parents[1]
# Binder installs the CPU-only build of the same package.
ALIASES = {"tensorflow-cpu": "tensorflow"}
NOT_PACKAGES = {"python", "pip"}


def requirement(spec: str):
    """'numpy>=1.24' -> ('numpy', '>=1.24')"""
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(\[[^\]]*\])?\s*(.*?)\s*", spec)
    name = ALIASES.get(m.group(1).lower().replace("_", "-"), m.group(1).lower().replace("_", "-"))
    return name, m.group(3).replace(" ", "")


# Binder students never run the browser test.
NOT_ON_BINDER = {"browser"}


def pyproject_requirements(skip_extras=()):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for name, extra in project["optional-dependencies"].items():
        if name not in skip_extras:
            specs += [s for s in extra if not s.startswith(project["name"])]
    return dict(requirement(s) for s in specs)


def conda_requirements(path):
    env = yaml.safe_load(path.read_text())
    specs = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            specs += [s for s in dep.get("pip", []) if not s.startswith("-")]
        else:
            specs.append(dep)
    reqs = dict(requirement(s) for s in specs)
    return {k: v for k, v in reqs.items() if k not in NOT_PACKAGES}


@pytest.mark.parametrize("env_file", ["environment.yml", "binder/environment.yml"])
def test_environment_files_name_the_same_packages_and_bounds(env_file):
    expected = pyproject_requirements(NOT_ON_BINDER if env_file.startswith("binder") else ())
    actual = conda_requirements(ROOT / env_file)
    assert sorted(actual) == sorted(expected), f"{env_file} and pyproject.toml list different packages"
    assert actual == expected, f"{env_file} and pyproject.toml give different version bounds"


def test_no_exact_pins_that_break_on_colab():
    for name, bound in pyproject_requirements().items():
        assert "==" not in bound, f"{name} is pinned exactly ({bound}); use a lower bound"
        assert bound.startswith(">="), f"{name} needs a lower bound that works today"


def test_binder_uses_cpu_tensorflow_and_installs_lecturekit():
    assert "tensorflow-cpu" in (ROOT / "binder/environment.yml").read_text()
    post = (ROOT / "binder/postBuild").read_text()
    assert re.search(r"^set -e", post, re.M), "postBuild must fail on error"
    assert re.search(r"pip install .*\s\.\s*$", post, re.M), "postBuild must install lecturekit"
    start = (ROOT / "binder/start").read_text()
    assert "TF_CPP_MIN_LOG_LEVEL=3" in start and 'exec "$@"' in start


def readme_commands():
    return re.findall(r"^\s*(bash run\.sh \w+)\s*$", (ROOT / "README.md").read_text(), re.M)


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    commands = readme_commands()
    assert "bash run.sh lab" in commands and "bash run.sh test" in commands
    ci = (ROOT / ".ci/run").read_text()
    assert re.search(r"^bash run\.sh test\s*$", ci, re.M), ".ci/run must call the README's test command"


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert f"notebooks/{nb.name}" in readme, f"README's notebook table misses {nb.name}"


def test_no_dataset_files_are_committed():
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    data_like = [f for f in tracked if re.search(r"(ubyte|\.gz|\.npz|\.tif|\.pkl|\.h5|\.keras)$", f)]
    assert not data_like, f"data files must not be committed: {data_like}"
