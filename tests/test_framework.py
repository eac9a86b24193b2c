"""lecturekit.framework: TensorFlow imported quietly, device named."""
import subprocess
import sys

CODE = """
import lecturekit as lk
tf = lk.framework.import_tensorflow()
assert tf is lk.framework.import_tensorflow()
print(lk.framework.device_summary())
"""


def test_import_is_silent_on_stderr_and_names_the_device():
    # A fresh interpreter with no TF_CPP_MIN_LOG_LEVEL: what a student's kernel sees.
    env = {k: v for k, v in __import__("os").environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stderr == "", f"TensorFlow start-up output leaked: {out.stderr[:500]}"
    assert out.stdout.startswith("training on: ")
    assert ("GPU" in out.stdout) or ("CPU" in out.stdout)


def test_seed_helper_uses_the_quiet_import():
    code = "import lecturekit as lk; lk.set_seed(0, tensorflow=True)"
    env = {k: v for k, v in __import__("os").environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0 and out.stderr == "", out.stderr[:500]
