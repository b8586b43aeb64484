"""A test function not named test_it_* fails the run (tests/support/naming.py), instead of
being silently left out."""

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
OPTIONS = ["-p", "tests.support.naming", "-p", "no:django", "-p", "no:cacheprovider"]
GOOD = "def test_it_works():\n    pass\n"


def run_pytest(tmp_path, source):
    (tmp_path / "test_sample.py").write_text(source)
    (tmp_path / "pytest.ini").write_text("[pytest]\npython_functions = test_*\n")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(tmp_path / "pytest.ini"),
            str(tmp_path),
            *OPTIONS,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_it_fails_the_run_on_a_test_not_named_test_it(tmp_path):
    result = run_pytest(
        tmp_path, "def test_it_works():\n    pass\n\n\ndef test_other():\n    pass\n"
    )
    assert result.returncode != 0
    assert "test_sample.py::test_other" in result.stdout + result.stderr
    assert "passed" not in result.stdout  # nothing ran


def test_it_runs_a_suite_whose_tests_are_all_named_test_it(tmp_path):
    result = run_pytest(tmp_path, GOOD + "\n\ndef helper():\n    pass\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
