"""Every number a lecture's prose states is derived, checked or sourced.

What a room of students catches first is text that contradicts the notebook's
own outputs.  So every number in the markdown of a lecture (prose, tables,
Think answers) must be one of these, and this test names the notebook, the
cell and the number of any that is none:

(a) inside math (``$...$``, ``$$...$$``) or code (`` `...` ``, fenced blocks):
    a formula or a line of code is a definition or a derivation the reader can
    redo (read them too: a measured figure must not hide there);
(b) structural: a lecture, notebook, exercise or chapter number, a list
    counter, a citation marker, the link to another notebook, a network's
    name by its layer sizes (784-30-10);
(c) printed by an output that nbval compares (a code cell not tagged
    ``nbval-ignore-output``: a deterministic worked example, or a check
    cell's sentence, which asserts the claim at a margin), to the precision
    the prose gives it (0.51 matches 0.5108, 95% matches 0.950), in this
    notebook or in one the same sentence links to; or written in the
    notebook's code (a setting: a learning rate, a layer size, the epochs
    planned);
(d) in a sentence, list item or table row that cites an entry of the
    notebook's closing ``## References`` section as ``[n]`` (every citation
    must resolve, and every entry must be cited);
(e) listed with its reason in ``EXPLAINED`` below; a reason that starts with a
    file's path (``benchmarks/check_accuracy.py: ...``) must name a file that
    writes the number.

A number that a run computes and that moves between machines can therefore
reach the prose only through a check cell's sentence.  The README's claims
about the notebooks (the accuracies of the stored runs, the time and memory
table of ``bash run.sh budget``) are held to the notebooks' stored outputs and
to ``tools/budget.py`` by the tests at the end.
"""
from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import nbformat
import pytest

from tools import budget, run_of_show

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
README = ROOT / "README.md"
REFERENCES = "## References"
IGNORED = "nbval-ignore-output"

#: Numbers that fit no rule above, per notebook, with the reason.  Keep it short.
EXPLAINED: dict[str, dict[str, str]] = {
    "01_neuron": {
        "99": "a Think question's hypothetical network (99 of 100 images right)",
    },
    "06_training": {
        "0.6": "a Think question's hypothetical difference between two recipes",
        "94": "benchmarks/check_accuracy.py: the target it checks for the book's network on all of MNIST",
        "97.5": "benchmarks/check_accuracy.py: the target it checks for the improved network on all of MNIST",
    },
    "07_cnn": {
        "784": "28 × 28, the pixels of an MNIST image (the code's side * side)",
    },
}

# -- reading markdown ------------------------------------------------------------------------------------------

MATH_OR_CODE = re.compile(r"```.*?```|`[^`]*`|\$\$.*?\$\$|\$(?:[^$\\]|\\.)+\$", re.S)
NOTEBOOK_LINK = re.compile(r"\[[^\]]*\]\((\d\d_\w+)\.ipynb\)")
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
HTML_OR_URL = re.compile(r"<[^>\n]+>|https?://[^\s)]+")
CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\](?!\()")
STRUCTURAL = re.compile(
    r"\b(?:lectures?|notebooks?|exercises?|chapters?|ch\.)\s+\d+(?:\s*(?:–|-|and|or|of|,)\s*\d+)*"
    r"|\b\d\d_[a-z]\w*"  # a notebook's name
    r"|\b\d+(?:-\d+){2,}\b"  # a network's name by its layer sizes: 784-30-10
    r"|\(\d\)"  # an enumeration: (1), (2)
    r"|(?:^|\|)\s*\d+\.\s",  # a list counter, also in a table cell
    re.I | re.M,
)
#: A number: digits with thousands grouped by a space or a comma (10 000, 9,043,200), or a decimal.
PROSE_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)|\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(\s?%)?(?!\w)"
)
#: A number in code or output text: 10_000, 9,043,200, 1e-07, 0.5108; also "10 000" grouped by a space.
TEXT_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d[\d_,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(*\"“])")
ITEM_START = re.compile(r"^\s*(?:[-*]|\d+\.|\|)\s")


def segments(markdown: str) -> list[str]:
    """The sentences, list items and table rows of a markdown text, each on one line."""
    lines = [re.sub(r"^\s*>\s?", "", line) for line in markdown.splitlines()]  # quotes read as text
    items, current = [], []
    for line in lines:
        if not line.strip() or ITEM_START.match(line) or line.lstrip().startswith("#"):
            if current:
                items.append(" ".join(current))
            current = [line.strip()] if line.strip() else []
            if line.lstrip().startswith("|"):  # a table row is whole on its line
                items.append(current.pop())
        else:
            current.append(line.strip())
    if current:
        items.append(" ".join(current))
    return [s for item in items for s in SENTENCE_END.split(item) if s.strip()]


def numbers_in(text: str) -> set[float]:
    """Every number written in a piece of code or output text."""
    found = set()
    for match in TEXT_NUMBER.finditer(text):
        token = match.group()
        for part in {token, *token.split()} if " " in token else {token}:
            try:
                found.add(float(re.sub(r"[_,\s\u00a0\u202f]", "", part)))
            except ValueError:
                continue
    return found


def value(token: str) -> float:
    return float(re.sub(r"[,\s\u00a0\u2009\u202f]", "", token))


def precision(token: str) -> tuple[float, int]:
    """The step of the last digit the token states, and its number of significant digits."""
    digits = re.sub(r"[,\s\u00a0\u2009\u202f]", "", token)
    if "." in digits:
        whole, fraction = digits.split(".")
        return 10.0 ** -len(fraction), len((whole + fraction).lstrip("0"))
    significant = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(significant)), len(significant.lstrip("0"))


def stated_by(token: str, percent: bool, exact: set[float], rounded: set[float]) -> bool:
    """Whether ``token`` is one of the ``exact`` numbers, or one of ``rounded`` to the digits the token gives."""
    v = value(token)
    scales = (1.0, 100.0) if percent else (1.0,)
    if any(math.isclose(c * s, v, rel_tol=1e-9, abs_tol=1e-12) for c in exact for s in scales):
        return True
    step, significant = precision(token)
    if significant < 2:  # "100" or "0.5" must be exact: rounding would make them match too much
        return False
    return any(math.isclose(math.floor(c * s / step + 0.5) * step, v, rel_tol=1e-9, abs_tol=step * 1e-6)
               for c in rounded for s in scales)


# -- reading a notebook ----------------------------------------------------------------------------------------


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def output_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append("".join(out.get("text", "")))
        elif "data" in out:
            parts.append("".join(out["data"].get("text/plain", "")))
    return "\n".join(parts)


def references_start(nb) -> int | None:
    """The index of the cell that opens the closing ``## References`` section, or None."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith(REFERENCES):
            return i
    return None


def reference_entries(nb) -> list[int]:
    start = references_start(nb)
    if start is None:
        return []
    text = "\n".join(c.source for c in nb.cells[start:] if c.cell_type == "markdown")
    return [int(m) for m in re.findall(r"(?m)^(\d+)\.\s", text)]


def compared_numbers(nb) -> set[float]:
    """The numbers of the outputs nbval compares."""
    return numbers_in("\n".join(output_text(c) for c in nb.cells if c.cell_type == "code" and IGNORED not in tags(c)))


@functools.cache
def linked_numbers(stem: str) -> frozenset[float]:
    """The compared numbers of another lecture, which a sentence that links to it may quote."""
    path = ROOT / "notebooks" / f"{stem}.ipynb"
    return frozenset(compared_numbers(nbformat.read(path, as_version=4)) if path.is_file() else ())


def planned(cell) -> str:
    """A cell's markdown without the lecture's plan: the run of show's table and the notes' time are minutes
    planned for the room (``tools/run_of_show.py`` checks them), not figures a run measures."""
    if run_of_show.is_notes(cell):
        return run_of_show.TIME.sub(" ", cell.source)
    if run_of_show.heading(cell) == run_of_show.HEADING[3:]:
        return "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("|"))
    return cell.source


def unchecked_numbers(nb, name: str, explained: dict[str, str] | None = None) -> list[str]:
    """Every problem with the numbers and references of notebook ``nb``: one line each, saying how to fix it."""
    explained = EXPLAINED.get(name, {}) if explained is None else explained
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    own = compared_numbers(nb)
    own_and_code = own | numbers_in(code)
    files = {}
    for token, reason in explained.items():
        path = ROOT / reason.split(":")[0]
        if ":" in reason and path.is_file():
            files[token] = numbers_in(path.read_text(encoding="utf-8"))

    problems, cited, used = [], set(), set()
    entries = reference_entries(nb)
    start = references_start(nb)
    if start is None:
        problems.append(f"{name}: no '{REFERENCES}' section at the end (a numbered list of the sources cited)")
    elif any(c.cell_type != "markdown" for c in nb.cells[start:]):
        problems.append(f"{name}, cell {start}: '{REFERENCES}' must close the notebook (only markdown after it)")
    elif entries != list(range(1, len(entries) + 1)):
        problems.append(f"{name}, cell {start}: the references must be numbered 1, 2, 3, ... (found {entries})")

    for i, cell in enumerate(nb.cells[:start]):
        if cell.cell_type != "markdown":
            continue
        text = LINK_TARGET.sub("]", NOTEBOOK_LINK.sub(r" ⟦\1⟧ ", MATH_OR_CODE.sub(" ", planned(cell))))
        text = HTML_OR_URL.sub(" ", text)
        for sentence in segments(text):
            linked = set().union(*map(linked_numbers, re.findall(r"⟦(\w+)⟧", sentence)))  # this sentence's links
            rounded, exact = own | linked, own_and_code | linked
            citations = [int(n) for group in CITATION.findall(sentence) for n in group.split(",")]
            cited.update(citations)
            for n in citations:
                if n not in entries:
                    problems.append(f"{name}, cell {i}: citation [{n}] has no entry in '{REFERENCES}'")
            if citations:
                continue  # (d): a sourced sentence
            plain = STRUCTURAL.sub(" ", sentence)
            for match in PROSE_NUMBER.finditer(plain):
                token, percent = match.group(1), bool(match.group(2))
                key = re.sub(r"[,\s\u00a0\u2009\u202f]", "", token)
                if key in explained:
                    used.add(key)
                    if key in files and not stated_by(token, percent, files[key], set()):
                        problems.append(f"{name}, cell {i}: {token} is not in {explained[key].split(':')[0]}")
                    continue
                if not stated_by(token, percent, exact, rounded):
                    shown = " ".join(plain[max(0, match.start() - 60):match.end() + 30].split())
                    problems.append(
                        f"{name}, cell {i}: the number {token}{'%' if percent else ''} in \"…{shown}…\" is not "
                        "checked: print it from a check cell (or a compared output), derive it in $math$, cite "
                        f"its source [n], or explain it in EXPLAINED"
                    )
    for n in entries:
        if n not in cited:
            problems.append(f"{name}: reference {n} is never cited")
    for key in explained.keys() - used:
        problems.append(f"{name}: EXPLAINED lists {key}, which the prose no longer states: remove it")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_number_in_the_prose_is_checked_derived_or_sourced(path):
    nb = nbformat.read(path, as_version=4)
    problems = unchecked_numbers(nb, path.stem)
    assert not problems, "\n".join(problems)


def test_every_explained_number_belongs_to_a_notebook():
    assert set(EXPLAINED) <= {p.stem for p in NOTEBOOKS}


# -- the checker on synthetic notebooks ------------------------------------------------------------------------


def lecture(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [*cells, nbformat.v4.new_markdown_cell(f"{REFERENCES}\n\n1. A. Author: A paper. A journal (1999).")]
    return nb


def code(source, printed, ignored=False):
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
    if ignored:
        cell.metadata["tags"] = [IGNORED]
    return cell


def md(source):
    return nbformat.v4.new_markdown_cell(source)


def run(source, *before):
    return unchecked_numbers(lecture(*before, md(source + " Its source [1].")), "99_test", explained={})


def test_a_planted_number_is_named_with_its_cell():
    nb = lecture(md("A paper [1]."), md("The network reaches 94.7 % here."))
    problems = unchecked_numbers(nb, "99_test", explained={})
    assert problems == [
        '99_test, cell 1: the number 94.7% in "…The network reaches 94.7 % here.…" is not checked: print it from a '
        "check cell (or a compared output), derive it in $math$, cite its source [n], or explain it in EXPLAINED"
    ]


@pytest.mark.parametrize("sentence", [
    "The bias is $b = 3$, so $2 \\cdot 3 = 6$.",  # (a) math
    "Call `train(lr=0.25)`.",  # (a) code
    "As lecture 4 and notebooks 02–05 show, Exercise 3 asks for it of a 784-30-10 network.",  # (b) structural
    "See [07 CNN](07_cnn.ipynb).",  # (b) a link to a notebook
    "Steps:\n\n1. feed forward;\n2. loss.",  # (b) counters
    "It reaches 91.8% of the digits.",  # (c) a compared output, to the precision stated
    "A rate of 0.25 was planned.",  # (c) a setting in the code
    "About 17 000 times fewer, 0.51 and 95%.",  # (c) rounded: 17,391, 0.5108 and 0.950
    "Rosenblatt built it in 1958 [1].",  # (d) cited
])
def test_what_is_accepted(sentence):
    worked = code("lr = 0.25\nprint(ratio)", "accuracy 91.83%, ratio 17,391x, loss 0.5108, share 0.950")
    nb = lecture(worked, md(sentence), md("Cited [1]."))
    assert unchecked_numbers(nb, "99_test", explained={}) == []


@pytest.mark.parametrize("sentence, number", [
    ("It reaches 92% here.", "92%"),  # the output says 91.03%
    ("It took 12 epochs.", "12"),  # only in an ignored output
    ("About 90 of them.", "90"),  # one significant digit: 91.03 does not round to it
    ("The loss is 0.6 now.", "0.6"),
])
def test_what_is_flagged(sentence, number):
    nb = lecture(code("print(acc)", "accuracy 91.03%"), code("fit()", "stopped after 12 epochs", ignored=True),
                 md(sentence), md("Cited [1]."))
    (problem,) = unchecked_numbers(nb, "99_test", explained={})
    assert f"the number {number} " in problem and "cell 2" in problem


def test_the_plan_is_minutes_not_measurements_but_the_notes_are_prose():
    plan = md("## Run of show\n\n| Part | Minutes | In class | Homework |\n|---|---:|---|---|\n| A | 12 | | |\n")
    notes = md("**Say:** it reaches 94.7% here.\n**Time:** 12 min")
    notes.metadata["tags"] = ["notes"]
    assert unchecked_numbers(lecture(plan, md("A fact [1].")), "x", {}) == []
    problems = unchecked_numbers(lecture(notes, md("A fact [1].")), "x", {})
    assert len(problems) == 1 and "94.7%" in problems[0]


def test_a_cell_may_quote_a_lecture_it_links_to():
    quoted = "The CNN classifies about 98% of the 10 000 test digits"  # what 06's check prints
    assert run(f"{quoted} (see [07](07_cnn.ipynb)).") == []
    assert "the number 98%" in run(f"{quoted}.")[0]
    assert "the number 98%" in run(f"See [07](07_cnn.ipynb). {quoted}.")[0]  # the link must be in the sentence


def test_an_explained_number_must_still_be_stated():
    nb = lecture(md("Nothing to explain here [1]."))
    assert unchecked_numbers(nb, "99_test", explained={"42": "an answer"}) == [
        "99_test: EXPLAINED lists 42, which the prose no longer states: remove it"]


def test_an_explained_number_passes_and_one_from_a_file_must_be_in_it():
    nb = lecture(md("The target is 94% and 97.5% on all of MNIST."), md("Cited [1]."))
    reasons = {"94": "benchmarks/check_accuracy.py: a target", "97.5": "benchmarks/check_accuracy.py: a target"}
    assert unchecked_numbers(nb, "99_test", explained=reasons) == []
    nb.cells[0].source = "The target is 93% on all of MNIST."
    (problem,) = unchecked_numbers(nb, "99_test", explained={"93": "benchmarks/check_accuracy.py: a target"})
    assert "93 is not in benchmarks/check_accuracy.py" in problem


def test_citations_and_references_must_match():
    nb = lecture(md("A fact [2]."))
    assert unchecked_numbers(nb, "99_test", explained={}) == [
        "99_test, cell 0: citation [2] has no entry in '## References'", "99_test: reference 1 is never cited"]
    nb.cells.pop()
    assert "no '## References' section" in unchecked_numbers(nb, "99_test", explained={})[0]


def test_the_references_close_the_notebook():
    nb = lecture(md("A fact [1]."))
    nb.cells.append(code("x = 1", ""))
    assert "must close the notebook" in unchecked_numbers(nb, "99_test", explained={})[0]


def test_the_segments_are_sentences_items_and_rows():
    text = "First one, 0.5 of it. Second\nline here.\n\n- an item\n  continued\n| a | b |\n> quoted. Next."
    assert segments(text) == ["First one, 0.5 of it.", "Second line here.", "- an item continued", "| a | b |",
                              "quoted.", "Next."]
    assert segments("[![badge](https://a.b/c.svg)](https://a.b/d.ipynb)\n\nText (a\nb) 1.") == [
        "[![badge](https://a.b/c.svg)](https://a.b/d.ipynb)", "Text (a b) 1."]


# -- the README's claims about the notebooks -------------------------------------------------------------------


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def stored_run(stem: str) -> str:
    """Everything the stored run of a notebook printed, ignored outputs included: the README quotes that run."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    return "\n".join(output_text(c) for c in nb.cells if c.cell_type == "code")


def performance_rows() -> dict[str, list[str]]:
    rows = {}
    for line in readme_section("Performance").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if re.fullmatch(r"\d\d_\w+", cells[0]) and len(cells) == 6:
            rows[cells[0]] = cells[1:]
    return rows


def test_the_performance_table_lists_every_notebook_within_its_budgets():
    rows = performance_rows()
    assert sorted(rows) == [p.stem for p in NOTEBOOKS], "the README's table must list every notebook"
    for stem, (seconds, time_budget, memory, memory_budget, tensorflow) in rows.items():
        nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
        uses_tf = any(re.search(r"import_tensorflow|^import keras", c.source, re.M)
                      for c in nb.cells if c.cell_type == "code")
        assert tensorflow == ("yes" if uses_tf else "no"), f"{stem}: the TensorFlow column is wrong"
        assert int(time_budget) == budget.TIME_BUDGET[stem[:2]], f"{stem}: not tools/budget.py's time budget"
        expected_memory = budget.MEMORY_BUDGET_TF if uses_tf else budget.MEMORY_BUDGET_NO_TF
        assert int(memory_budget) == expected_memory // budget.MB, f"{stem}: not tools/budget.py's memory budget"
        assert float(seconds) <= int(time_budget) and int(memory) <= int(memory_budget), f"{stem}: over budget"


def training_seconds(text: str) -> float:
    """The seconds a stored run says it trained: epochs run times seconds per epoch, summed over its runs."""
    bars = re.findall(r"epoch (\d+)/\d+\b.*?([\d.]+) s/epoch", text)
    return sum(int(epochs) * float(seconds) for epochs, seconds in bars)


def test_the_performance_table_is_consistent_with_the_stored_runs():
    # A notebook cannot run faster than the training its stored run reports (the table and the stored
    # outputs come from runs on the same machine).
    for stem, (seconds, *_) in performance_rows().items():
        trained = training_seconds(stored_run(stem))
        assert float(seconds) >= trained, (
            f"README: {stem} runs in {seconds} s, but its stored run trained for {trained:.0f} s; "
            f"run bash run.sh budget and copy results/budget.md's row"
        )


def test_training_seconds_reads_the_progress_lines():
    text = "net [###] epoch 10/10  loss 0.1  0.22 s/epoch\ncnn [###] epoch 12/30  accuracy 0.9  7.78 s/epoch"
    assert training_seconds(text) == pytest.approx(10 * 0.22 + 12 * 7.78)


def accuracy_paragraph() -> str:
    text = readme_section("Performance")
    start = text.index("**Accuracy**")
    end = text.find("\n\n", start)
    return text[start:end if end > 0 else None]


def test_the_readme_accuracies_are_those_of_the_stored_runs():
    """Each number of the Accuracy paragraph is in the stored run of the notebook its sentence names."""
    problems, stem, benchmark = [], None, False
    stems = {p.stem[:2]: p.stem for p in NOTEBOOKS}
    for sentence in segments(accuracy_paragraph()):
        named = re.findall(r"[Nn]otebook (\d\d)", sentence)
        stem = stems[named[-1]] if named else stem
        benchmark = benchmark or "check_accuracy.py" in sentence
        if benchmark or stem is None:
            continue  # from here on the full-MNIST check: test_the_readme_full_mnist_check_meets_its_targets
        run = stored_run(stem)
        source = "\n".join(c.source for c in nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", 4).cells)
        for match in PROSE_NUMBER.finditer(STRUCTURAL.sub(" ", sentence)):
            token, percent = match.group(1), bool(match.group(2))
            if not stated_by(token, percent, numbers_in(run) | numbers_in(source), numbers_in(run)):
                problems.append(f"README: {token}{'%' if percent else ''} is not in the stored run of {stem}: "
                                f"\"{sentence[:100]}\"")
    assert not problems, "\n".join(problems)


def test_the_readme_full_mnist_check_meets_its_targets():
    sentence = next(s for s in segments(accuracy_paragraph()) if "check_accuracy.py" in s)
    results = [float(v) for v in re.findall(r"(\d+\.\d+) % for", sentence)]
    targets = [float(v) / 100 for v in re.findall(r"target ≥ ([\d.]+) %", sentence)]
    script = (ROOT / "benchmarks" / "check_accuracy.py").read_text(encoding="utf-8")
    assert targets == [float(t) for t in re.findall(r"target=([\d.]+)", script)], "not the script's targets"
    assert len(results) == len(targets) and all(r / 100 >= t for r, t in zip(results, targets))


def test_the_budget_tool_writes_the_readme_rows():
    text = ("| notebook | time (s) |\n|---|---:|\n"
            "| 01_neuron | 6.5 | 60 | 167 | 500 | no |\n| 05_sgd | 1 | 2 | 3 | 4 | no |\n")
    measured = [("05_sgd", {"seconds": 41.04, "peak": 800 * budget.MB, "tensorflow": True})]
    assert budget.update_readme(measured, text).splitlines()[2:] == [
        "| 01_neuron | 6.5 | 60 | 167 | 500 | no |", "| 05_sgd | 41.0 | 90 | 800 | 1536 | yes |"]
