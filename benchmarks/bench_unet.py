"""Does notebook 08's U-Net demo finish, learn and hold for every seed?

    python benchmarks/bench_unet.py [--seeds 5] [--kernels both] [--out results/bench_unet.md]
                                    [--epochs N] [--n-train N] [--base-filters N] [--schedule cosine]

Trains the CPU configuration (``lecturekit.unet.CPU_CONFIG``) exactly as
notebook 08 does: the same phantoms (training seed 1, validation seed 2, 400
held-out test images seed 3), ``set_seed(seed)`` for the weights and the
shuffling, ``unet.train`` with the planned epochs and the time budget, the
best epoch kept, the empty-mask threshold chosen on the validation images
and applied once to the test images.  One fresh process per seed and kernel
setting, so that each starts like the notebook's kernel and its peak memory
is its own.

``--kernels`` picks how TensorFlow computes: ``fast`` (its defaults: oneDNN,
a thread per core), ``slow`` (oneDNN off and one thread everywhere, the
perturbed run of ``tests/test_determinism.py``, which is also about the speed
of a busy machine whose two cores are shared with another process), or
``both`` (the default).  Per run it prints the seconds per epoch (median),
the epochs run and whether the time budget stopped it, the best epoch, the
validation mean per-image Dice of the best and of the last epoch, the
held-out mean per-image Dice, its parts on images with and without a nerve
(for the latter, the share left empty), each after the empty-mask decision
and, in parentheses, without it, how many images without a nerve the model
still marks after the decision, and the peak memory.  The baselines on the same
held-out images come first: predicting nothing, and a box where nerves are.

Targets (what the demo promises), for every seed with the fast kernels:
the planned epochs run (the budget is a safety stop that is not reached),
held-out Dice on images with a nerve >= 0.75.  The slow kernels must also
finish the planned epochs.  The script exits with status 1 when a run
misses one.  Options override the configuration to measure others (a longer
run, say, for the ceiling); the table names what was changed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: The perturbed run's kernels (oneDNN off, one thread everywhere): the "slow" ones here.
from tests.perturbed import PERTURBED as SLOW  # noqa: E402 (after sys.path above)

#: What the demo promises on the phantoms (fast kernels, every seed).
TARGET_DICE_WITH_NERVE = 0.75
N_TEST = 400  # held-out phantoms, as in notebook 08

_OVERRIDES = {  # option -> (UNetConfig field, type)
    "epochs": ("epochs", int),
    "n_train": ("n_train", int),
    "base_filters": ("base_filters", int),
    "batch_size": ("batch_size", int),
    "learning_rate": ("learning_rate", float),
    "schedule": ("schedule", str),
    "budget": ("time_budget_s", float),
}


def configuration(args):
    """CPU_CONFIG with the options' overrides, and a description of what changed."""
    from lecturekit import unet

    changes = {field: kind(getattr(args, option)) for option, (field, kind) in _OVERRIDES.items()
               if getattr(args, option) is not None}
    config = replace(unet.CPU_CONFIG, **changes)
    return config, ", ".join(f"{k}={v}" for k, v in changes.items()) or "as in notebook 08"


def phantoms(config):
    """Notebook 08's training, validation and held-out phantoms."""
    from lecturekit import ultrasound as us

    return (
        us.make_phantoms(config.n_train, config.input_size, seed=1),
        us.make_phantoms(config.n_val, config.input_size, seed=2),
        us.make_phantoms(N_TEST, config.input_size, seed=3),
    )


def baselines(config) -> dict:
    """Mean per-image Dice of two trivial predictions on the held-out phantoms, with its parts."""
    import numpy as np

    from lecturekit import unet

    _, _, (_, y_test) = phantoms(config)
    rows, cols = config.input_size
    box = np.zeros_like(y_test)
    box[:, rows // 4: rows // 2, cols // 4: 3 * cols // 4] = 1  # notebook 08's "a box where nerves are"
    return {"nothing": unet.dice_by_presence(y_test, np.zeros_like(y_test)),
            "a box where nerves are": unet.dice_by_presence(y_test, box)}


def run_one(config, seed: int) -> dict:
    """Notebook 08's training and evaluation for one seed (in this process)."""
    import numpy as np

    import lecturekit as lk
    from lecturekit import unet

    lk.framework.import_tensorflow()
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = phantoms(config)
    lk.set_seed(seed, tensorflow=True)
    model = unet.build_unet((*config.input_size, 1), config.depth, config.base_filters, batch_norm=config.batch_norm)
    unet.compile_unet(model, config.learning_rate, config.loss, decay_steps=config.decay_steps(len(x_train)))
    result = unet.train(model, x_train, y_train, x_val, y_val, epochs=config.epochs,
                        time_budget_s=config.time_budget_s, batch_size=config.batch_size, seed=seed)
    val_prob, _ = unet.predict_masks(model, x_val)
    min_area, _ = unet.choose_min_area(y_val, val_prob)
    test_prob, test_pred = unet.predict_masks(model, x_test, min_area=min_area)
    held_out = unet.dice_by_presence(y_test, test_pred)
    raw = unet.dice_by_presence(y_test, (test_prob >= 0.5).astype(np.uint8))
    empty = ~y_test.any(axis=(1, 2))
    val_dice = result.history["val_mean_dice"]
    return {
        "seed": seed,
        "seconds_per_epoch": statistics.median(result.history["seconds"]),
        "epochs_run": result.epochs_run,
        "stopped_by_time": result.stopped_by_time,
        "best_epoch": result.best_epoch,
        "final_val_dice": val_dice[-1],
        "best_val_dice": result.best_val_dice,
        "min_area": min_area,
        "test_mean": held_out["mean"],
        "test_with_nerve": held_out["with_nerve"],
        "test_without_nerve": held_out["without_nerve"],
        "raw_with_nerve": raw["with_nerve"],
        "raw_without_nerve": raw["without_nerve"],
        "marked_empty_images": int(np.sum(test_pred[empty].any(axis=(1, 2)))),
        "empty_images": int(empty.sum()),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def spawn(args, seed: int, kernels: str) -> dict:
    """run_one in a fresh Python process with the chosen kernels."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **(SLOW if kernels == "slow" else {}))
    argv = [sys.executable, __file__, "--worker", str(seed)]
    for option in _OVERRIDES:
        if getattr(args, option) is not None:
            argv += [f"--{option.replace('_', '-')}", str(getattr(args, option))]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"seed {seed} ({kernels} kernels) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(config, changed: str, base: dict, runs: list[tuple[str, dict]]) -> str:
    lines = [
        f"U-Net demo, {config.name}: {config.input_size[0]}x{config.input_size[1]}, filters "
        f"{config.filters[0]} -> {config.filters[-1]}, {config.n_train} training images, {config.epochs} epochs "
        f"planned, {config.schedule} learning rate from {config.learning_rate:g}, budget {config.time_budget_s:g} s "
        f"({changed}); {N_TEST} held-out phantoms",
        "",
        "| prediction | mean Dice | with a nerve | without a nerve (left empty) |",
        "|---|---:|---:|---:|",
    ]
    for name, parts in base.items():
        lines.append(f"| {name} | {parts['mean']:.3f} | {parts['with_nerve']:.3f} | {parts['without_nerve']:.3f} |")
    lines += [
        "",
        "| kernels | seed | s/epoch | epochs run | best epoch | val Dice best / last | held-out Dice "
        "| with a nerve (no decision) | without, left empty (no decision) | marked empty images | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kernels, r in runs:
        run = f"{r['epochs_run']}{' (budget)' if r['stopped_by_time'] else ''}"
        lines.append(
            f"| {kernels} | {r['seed']} | {r['seconds_per_epoch']:.1f} | {run} | {r['best_epoch']} "
            f"| {r['best_val_dice']:.3f} / {r['final_val_dice']:.3f} | {r['test_mean']:.3f} "
            f"| {r['test_with_nerve']:.3f} ({r['raw_with_nerve']:.3f}) "
            f"| {r['test_without_nerve']:.3f} ({r['raw_without_nerve']:.3f}) "
            f"| {r['marked_empty_images']} of {r['empty_images']} | {r['peak_mb']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def misses(config, runs) -> list[str]:
    """The targets each run missed, as sentences."""
    found = []
    for kernels, r in runs:
        if r["epochs_run"] < config.epochs:
            found.append(f"{kernels} seed {r['seed']}: {r['epochs_run']} of {config.epochs} planned epochs")
        if kernels == "fast" and r["test_with_nerve"] < TARGET_DICE_WITH_NERVE:
            found.append(f"fast seed {r['seed']}: held-out Dice with a nerve {r['test_with_nerve']:.3f} "
                         f"< {TARGET_DICE_WITH_NERVE}")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0 .. N-1 (default 5)")
    parser.add_argument("--kernels", choices=("fast", "slow", "both"), default="both")
    parser.add_argument("--out", type=Path, default=None, help="also write the tables (markdown) here")
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    for option, (field, kind) in _OVERRIDES.items():
        parser.add_argument(f"--{option.replace('_', '-')}", type=kind, default=None,
                            help=f"override the configuration's {field}")
    args = parser.parse_args(argv)
    config, changed = configuration(args)
    if args.worker is not None:
        print(json.dumps(run_one(config, args.worker)))
        return 0
    if args.seeds < 1:
        parser.error(f"--seeds must be at least 1, got {args.seeds}")
    kernels = ("fast", "slow") if args.kernels == "both" else (args.kernels,)
    runs = []
    for kind in kernels:
        for seed in range(args.seeds):
            runs.append((kind, spawn(args, seed, kind)))
            print(f"{kind} seed {seed}: {json.dumps(runs[-1][1])}", flush=True)
    text = table(config, changed, baselines(config), runs)
    found = misses(config, runs)
    text += "\n" + ("Every run meets the targets." if not found else "Missed: " + "; ".join(found) + ".") + "\n"
    print("\n" + text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
