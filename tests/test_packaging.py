"""One lock for every way to install; pyproject.toml keeps the floors; CI runs the README."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tools import lock, versions

ROOT = Path(__file__).resolve().parents[1]
LOCK_TEXT = lock.LOCK.read_text()


def requirement(spec: str):
    """'numpy>=1.24' -> ('numpy', '>=1.24')"""
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(\[[^\]]*\])?\s*(.*?)\s*", spec)
    return m.group(1).lower().replace("_", "-"), m.group(3).replace(" ", "")


def pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += [s for s in extra if not s.startswith(project["name"])]
    return dict(requirement(s) for s in specs)


def locked():
    """{name: version} of the lock (one version each: the lock is one set)."""
    found = {}
    for pin in lock.pins(LOCK_TEXT):
        name, pinned = pin.partition(" ; ")[0].split("==")
        assert found.setdefault(name.lower(), pinned) == pinned, f"the lock has two versions of {name}"
    return found


def release(v):
    return [int(n) for n in re.match(r"\d+(\.\d+)*", v).group().split(".")] + [0] * 3


def test_the_lock_pins_every_declared_package_at_or_above_its_floor_with_hashes():
    pinned = locked()
    for name, bound in pyproject_requirements().items():
        assert bound.startswith(">="), (
            f"pyproject.toml declares {name}{bound}: the floors stay floors (pins go in the lock)"
        )
        assert name in pinned, f"the lock misses {name}: run bash run.sh lock"
        assert release(pinned[name])[:3] >= release(bound[2:])[:3], f"the lock's {name} {pinned[name]} is below {bound}"
    entries = re.split(r"\n(?=[A-Za-z0-9])", LOCK_TEXT.split("\n", 2)[2])
    pin_entries = [entry for entry in entries if not entry.startswith("#")]
    assert all("--hash=sha256:" in entry for entry in pin_entries), "every pin needs its hashes"


def test_the_lock_is_resolved_for_the_declared_python():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert declared == f">={lock.PYTHON}"
    assert f"--python-version {lock.PYTHON}" in " ".join(lock.COMPILE)


def test_binder_installs_the_lock_and_nothing_else_decides_its_versions():
    binder = (ROOT / "binder/requirements.txt").read_text()
    assert binder == lock.binder_requirements(LOCK_TEXT), "run: bash run.sh lock"
    # repo2docker prefers an environment.yml to requirements.txt: there must be none in binder/.
    assert not (ROOT / "binder/environment.yml").exists()
    assert (ROOT / "binder/runtime.txt").read_text().strip() == f"python-{lock.PYTHON}"
    post = (ROOT / "binder/postBuild").read_text()
    assert re.search(r"^set -e", post, re.M), "postBuild must fail on error"
    assert re.search(r"pip install --no-deps .*\s\.\s*$", post, re.M), "postBuild installs lecturekit alone"
    assert "lab_without_nbgrader jupyter" in post, "Binder's JupyterLab must leave nbgrader's menus off, as run.sh does"
    start = (ROOT / "binder/start").read_text()
    assert "TF_CPP_MIN_LOG_LEVEL=3" in start and 'exec "$@"' in start


def test_conda_users_get_the_locked_versions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert f"python={lock.PYTHON}" in env["dependencies"]
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert pip == lock.pins(LOCK_TEXT) + ["--editable ."], "run: bash run.sh lock"


def test_run_sh_installs_the_lock_with_its_hashes():
    run = (ROOT / "run.sh").read_text()
    install = run[run.index("install() {"):run.index("\n}\n", run.index("install() {"))]
    assert "--require-hashes --requirement requirements.txt" in install
    assert "--no-deps --editable ." in install
    assert ".[all]" not in install, "run.sh must not resolve versions of its own"


@pytest.mark.skipif(Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
                    reason="checks the environment bash run.sh installs (.venv)")
def test_the_environment_run_sh_made_has_the_locked_versions():
    moved = versions.differences(LOCK_TEXT)
    assert not moved, "installed versions differ from the lock: " + ", ".join(moved)


def test_the_lock_tool_exports_what_it_reads():
    text = (
        "# header\n"
        "numpy==2.4.6 \\\n"
        "    --hash=sha256:00\n"
        "appnope==1.0.0 ; sys_platform == 'darwin' \\\n"
        "    --hash=sha256:11\n"
    )
    expected = ["numpy==2.4.6", "appnope==1.0.0 ; sys_platform == 'darwin'"]
    assert lock.pins(text) == expected
    env = yaml.safe_load(lock.conda_environment(text))
    assert env["dependencies"][-1]["pip"] == expected + ["--editable ."]


def test_colab_versions_name_their_date_python_and_the_stack():
    text = (ROOT / "colab/versions.txt").read_text()
    assert re.search(r"20\d\d-\d\d-\d\d", text) and re.search(r"Python 3\.\d+", text)
    listed = {requirement(line)[0] for line in text.splitlines() if "==" in line and not line.startswith("#")}
    assert {"tensorflow", "numpy", "matplotlib", "ipywidgets", "pillow"} <= listed


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

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    data_like = [f for f in tracked if re.search(r"(ubyte|\.gz|\.npz|\.tif|\.pkl|\.h5|\.keras)$", f)]
    assert not data_like, f"data files must not be committed: {data_like}"
