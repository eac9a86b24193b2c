"""Colab and Binder: one repository setting, badges that match it, a Colab cell that works."""
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from lecturekit import launch
from tools import lecture_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def cells(nb):
    return json.loads(nb.read_text())["cells"]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_cell_has_the_colab_badge_for_this_notebook(nb):
    first = "".join(cells(nb)[0]["source"])
    assert launch.colab_badge(nb.name) in first
    slug = launch.REPOSITORY.removeprefix("https://github.com/").rstrip("/")  # owner/name
    expected = f"https://colab.research.google.com/github/{slug}/blob/{launch.BRANCH}/notebooks/{nb.name}"
    assert launch.colab_url(nb.name) == expected


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_colab_setup(nb):
    code = [c for c in cells(nb) if c["cell_type"] == "code"]
    assert "".join(code[0]["source"]) == launch.colab_cell_source()
    assert code[0]["outputs"] == [], "outside Colab the set-up cell must print nothing"


def test_twins_are_furnished_from_the_current_setting():
    assert lecture_cells.main(["--check"]) == 0, "run: python -m tools.lecture_cells"


def test_readme_badges_match_the_setting():
    readme = (ROOT / "README.md").read_text()
    assert launch.binder_badge() in readme
    assert launch.colab_badge("01_neuron.ipynb") in readme
    assert launch.install_spec() in readme
    github = set(re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", readme))
    assert github <= {launch.REPOSITORY}, f"README names other repositories: {github - {launch.REPOSITORY}}"


def test_setup_does_nothing_outside_colab(monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    assert launch.setup_colab() == []


@pytest.fixture
def fake_colab(monkeypatch):
    """A stand-in for Colab's ``google.colab`` module that records calls."""
    calls = []
    output = types.SimpleNamespace(enable_custom_widget_manager=lambda: calls.append("widgets"))
    colab = types.ModuleType("google.colab")
    colab.output = output
    google = types.ModuleType("google")
    google.colab = colab
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    return calls


def test_setup_on_colab_enables_widgets_and_inline_figures(fake_colab, monkeypatch, capsys):
    magics = []
    shell = types.SimpleNamespace(run_line_magic=lambda name, arg: magics.append((name, arg)))
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)
    done = launch.setup_colab()
    assert fake_colab == ["widgets"]
    assert ("matplotlib", "inline") in magics
    assert len(done) == 2 and "Colab:" in capsys.readouterr().out


def test_colab_cell_installs_from_the_repository_only_on_colab(fake_colab, monkeypatch):
    ran = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: ran.append(cmd))
    monkeypatch.setattr("IPython.get_ipython", lambda: None)
    exec(launch.colab_cell_source(), {})
    assert ran and ran[0][-1] == launch.install_spec() and ran[0][1:4] == ["-m", "pip", "install"]
    assert fake_colab == ["widgets"]

    ran.clear()
    monkeypatch.delitem(sys.modules, "google.colab")
    exec(launch.colab_cell_source(), {})
    assert ran == []


def test_repository_setting_must_be_github(monkeypatch):
    monkeypatch.setattr(launch, "REPOSITORY", "https://example.org/x")
    with pytest.raises(ValueError, match="REPOSITORY must be a GitHub URL"):
        launch.colab_url("01_neuron.ipynb")


def test_floors_are_the_declared_ones_of_what_the_cell_installs():
    floors = launch.floors()
    assert floors["ipywidgets"] == "8.0" and floors["tensorflow"] == "2.16"  # the base and the tf extra
    assert "pytest" not in floors and "jupyterlab" not in floors  # other extras: not installed on Colab


def test_below_floor_names_what_colab_lacks_or_has_too_old():
    colab = {name: "99.0" for name in launch.floors()}
    assert launch.below_floor(colab) == []
    colab["ipywidgets"] = "7.7.1"
    del colab["ipympl"]
    assert launch.below_floor(colab) == ["ipywidgets 7.7.1 < 8.0", "ipympl (missing)"]
    colab.update(ipywidgets="8.0", ipympl="0.9.2")  # the floor itself is enough
    assert launch.below_floor(colab) == []


def test_setup_on_colab_says_what_the_install_brought_and_how_long_it_took(fake_colab, monkeypatch, capsys):
    monkeypatch.setattr("IPython.get_ipython", lambda: None)
    colab = {name: "99.0" for name in launch.floors()} | {"ipywidgets": "7.7.1"}
    done = launch.setup_colab(colab, 12.4)
    assert done[0] == "installed what lecturekit needs: ipywidgets 7.7.1 < 8.0 (12 s)"
    assert "ipywidgets 7.7.1 < 8.0" in capsys.readouterr().out
    done = launch.setup_colab({name: "99.0" for name in launch.floors()}, 3.0)
    assert done[0] == "Colab had every package lecturekit needs (3 s)"


@pytest.mark.parametrize("bad", [["ipywidgets", "7.7.1"], {"ipywidgets": 7.7}])
def test_setup_refuses_versions_that_are_not_a_dict_of_strings(bad):
    with pytest.raises(TypeError, match="colab_versions must be a dict"):
        launch.setup_colab(bad)


def test_setup_refuses_a_negative_time():
    with pytest.raises(ValueError, match="seconds"):
        launch.setup_colab({}, -1.0)
