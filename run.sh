#!/usr/bin/env bash
# The project's commands.  Each one first makes sure .venv holds everything.
#
#   bash run.sh lab        install, then open the lecture in JupyterLab
#   bash run.sh test       install, then run the linter and the whole test suite
#   bash run.sh quick      the linter and the fast tests (no training, browser or site)
#   bash run.sh slides     build reveal.js decks of all lectures into _build/slides
#   bash run.sh site       render the lectures as a static HTML site in _build/site
#   bash run.sh student    the exercises without solutions, into _build/student
#   bash run.sh assignments   the lectures as an nbgrader course, into _build/course
#   bash run.sh budget     time and memory of every notebook against its budget
#   bash run.sh execute [notebooks/NN_name.py ...]
#                          maintainers: re-execute notebooks (all by default)
#                          from their jupytext twins and store their outputs
#   bash run.sh lock [--upgrade]
#                          maintainers: re-resolve the lock (requirements.txt)
#                          and export it to binder/ and environment.yml
#   bash run.sh test-latest   the newest releases in build/venv-latest: unit tests and nbval
#   bash run.sh test-colab    Colab's versions (colab/versions.txt) in build/venv-colab:
#                          the Colab set-up path, then the unit tests
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

install() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is needed"'
        if ! "$PYTHON" -m venv "$VENV"; then
            # Debian ships venv separately (python3.X-venv); install it if we may.
            rm -rf "$VENV"
            if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
                ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
                apt-get update -qq && apt-get install -y -qq "python$ver-venv" || apt-get install -y -qq python3-venv
                "$PYTHON" -m venv "$VENV"
            else
                echo "python3 -m venv failed: install your distribution's venv package (e.g. sudo apt install python3-venv)" >&2
                exit 1
            fi
        fi
    fi
    # The locked versions (requirements.txt, every file checked by its sha256),
    # then lecturekit itself; again only when the lock or the declarations changed.
    local stamp="$VENV/.lecturekit-installed"
    if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet --require-hashes --requirement requirements.txt
        "$VENV/bin/python" -m pip install --quiet --no-deps --editable .
        lab_without_nbgrader "$VENV/bin/jupyter"
        touch "$stamp"
    fi
}

# nbgrader (the grading extra, for lecturers; see the README) would add its menus and
# server extensions to every JupyterLab of this environment: the lecture's stays without
# them.  $1: the environment's jupyter.  binder/postBuild does the same on Binder.
lab_without_nbgrader() {
    "$1" labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
    for part in formgrader validate_assignment assignment_list course_list; do
        "$1" server extension disable --sys-prefix "nbgrader.server_extensions.$part" >/dev/null 2>&1
    done
}

# A separate environment for a trial run; $1 its folder, $2 its Python.
trial_env() {
    if [ ! -x "$1/bin/python" ]; then
        "$2" -m venv "$1"
        "$1/bin/python" -m pip install --quiet --upgrade pip uv
    fi
}

# The tests a trial environment runs: everything but the browser, the decks and
# the site (whose tools are the lock's own), and the student editions.
TRIAL_IGNORE=(--ignore=tests/test_browser.py --ignore=tests/test_browser_slides.py --ignore=tests/test_accessibility.py
              --ignore=tests/test_publish.py --ignore=tests/test_student.py)

# Lecture defaults: quiet TensorFlow, offline data beside the checkout if present:
# the complete MNIST (../shared/data/mnist-full), else the folder with the 10k test set.
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-3}
if [ -z "${LECTUREKIT_DATA_DIR:-}" ]; then
    for dir in ../shared/data/mnist-full ../shared/data; do
        if [ -d "$dir" ]; then
            export LECTUREKIT_DATA_DIR="$(cd "$dir" && pwd)"
            break
        fi
    done
fi

cmd=${1:-help}
shift || true
case "$cmd" in
    lab)
        install
        root_flag=()
        [ "$(id -u)" = 0 ] && root_flag=(--allow-root)  # containers, Binder-like machines
        exec "$VENV/bin/jupyter" lab "${root_flag[@]}" notebooks/01_neuron.ipynb "$@"
        ;;
    test)
        install
        "$VENV/bin/ruff" check .
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    quick)
        # For contributors, in minutes: the linter, the unit tests, the lecture-view
        # rules and nbval of the notebooks that train nothing (pytest -m "not slow").
        install
        "$VENV/bin/ruff" check .
        exec "$VENV/bin/python" -m pytest -m "not slow" "$@"
        ;;
    slides|site)
        install
        exec "$VENV/bin/python" -m tools.publish "$cmd" "$@"
        ;;
    student)
        install
        exec "$VENV/bin/python" -m tools.student "$@"
        ;;
    assignments)
        install
        exec "$VENV/bin/python" -m tools.assignments "$@"
        ;;
    budget)
        install
        exec "$VENV/bin/python" -m tools.budget "$@"
        ;;
    execute)
        install
        # The tests compare against these outputs, so they must come from a
        # machine like CI's (2 CPU cores, no GPU) and from offline data.
        exec "$VENV/bin/python" -m tools.execute "$@"
        ;;
    lock)
        install
        "$VENV/bin/python" -m pip install --quiet uv
        exec "$VENV/bin/python" -m tools.lock "$@"
        ;;
    test-latest)
        # What the next `bash run.sh lock --upgrade` will bring: the newest
        # release of everything pyproject.toml allows, tested before it is locked.
        trial_env build/venv-latest "$PYTHON"
        build/venv-latest/bin/uv pip install --quiet --python build/venv-latest/bin/python --upgrade --editable ".[all]"
        build/venv-latest/bin/python -m tools.versions requirements.txt
        exec build/venv-latest/bin/python -m pytest "${TRIAL_IGNORE[@]}" tests notebooks "$@"
        ;;
    test-colab)
        # Colab's Python and versions (colab/versions.txt), then what every
        # notebook's Colab set-up cell does there, then the unit tests.
        colab_python=$(grep -om1 'Python 3\.[0-9]*' colab/versions.txt | tr -d ' ' | tr P p)
        found=""
        for candidate in "$colab_python" "$(pyenv root 2>/dev/null)"/versions/"${colab_python#python}"*/bin/"$colab_python"; do
            if "$candidate" -c '' 2>/dev/null; then found=$candidate; break; fi
        done
        [ -n "$found" ] || { echo "test-colab needs $colab_python (Colab's Python) on the PATH" >&2; exit 2; }
        rm -rf build/venv-colab  # every run starts from Colab's state, as a Colab session does
        trial_env build/venv-colab "$found"
        build/venv-colab/bin/uv pip install --quiet --python build/venv-colab/bin/python --requirement colab/versions.txt
        build/venv-colab/bin/python -m tools.colab_setup
        # The test tools Colab lacks, without moving anything Colab has.
        build/venv-colab/bin/python -m pip freeze --exclude-editable > build/venv-colab/now.txt
        build/venv-colab/bin/uv pip install --quiet --python build/venv-colab/bin/python \
            --constraint build/venv-colab/now.txt nbval hypothesis pyyaml
        exec build/venv-colab/bin/python -m pytest "${TRIAL_IGNORE[@]}" --ignore=tests/test_determinism.py tests "$@"
        ;;
    *)
        sed -n '2,20p' "$0"
        exit 2
        ;;
esac
