#!/usr/bin/env bash
# The project's commands.  Each one first makes sure .venv holds everything.
#
#   bash run.sh lab        install, then open the lecture in JupyterLab
#   bash run.sh test       install, then run the whole test suite
#   bash run.sh slides     build reveal.js decks of all lectures into _build/slides
#   bash run.sh site       render the lectures as a static HTML site in _build/site
#   bash run.sh student    the exercises without solutions, into _build/student
#   bash run.sh budget     time and memory of every notebook against its budget
#   bash run.sh execute [notebooks/NN_name.py ...]
#                          maintainers: re-execute notebooks (all by default)
#                          from their jupytext twins and store their outputs
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

install() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 10), "Python >= 3.10 is needed"'
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
    # Re-install only when the declared dependencies changed.
    local stamp="$VENV/.lecturekit-installed"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet --editable ".[all]"
        touch "$stamp"
    fi
}

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
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    slides|site)
        install
        exec "$VENV/bin/python" -m tools.publish "$cmd" "$@"
        ;;
    student)
        install
        exec "$VENV/bin/python" -m tools.student "$@"
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
    *)
        sed -n '2,12p' "$0"
        exit 2
        ;;
esac
