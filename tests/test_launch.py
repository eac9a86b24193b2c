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
    assert launch.colab_url(nb.name).startswith(f"https://colab.research.google.com/github/{launch._slug()}/")


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
