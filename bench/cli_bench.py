"""Command-line cold start: `mailhelp --help` and `mailhelp ask` as whole new processes.

Each command runs as a person runs it, a fresh interpreter every time, from an empty
directory, so nothing is warm but the operating system's file cache. The median of the runs
is compared with the targets: --help under 0.3 s, ask under 0.6 s. The median CPU time
(user + system) is printed beside it: on a busy machine it moves less than the wall clock;
--instructions adds a count that does not move at all.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ASK_TEXT = "our logs say delivered but the customer at hotmail never got the reset email"
# (label, arguments, target in seconds)
CASES = (
    ("mailhelp --help", ["--help"], 0.3),
    ("mailhelp ask", ["ask", ASK_TEXT], 0.6),
    ("mailhelp ask --no-answer", ["ask", "--no-answer", ASK_TEXT], 0.6),
)


def mailhelp_command() -> list[str]:
    """The installed console script beside this interpreter, else the checkout's module."""
    script = Path(sys.executable).with_name("mailhelp")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "bot.cli.main"]


def clean_env(command: list[str]) -> dict[str, str]:
    """No Slack or database settings from the caller; the checkout on the path only when
    there is no installed command, so an installed wheel is measured as it is."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    if command[0] == sys.executable:
        env["PYTHONPATH"] = str(REPO_ROOT)
    return env


def time_once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds (user + system) of the process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def instructions(command: list[str], cwd: Path, env: dict[str, str]) -> int | None:
    """Instructions the whole process executes, counted by callgrind: the same on a busy
    machine as on an idle one, so two versions compare fairly. None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    script = Path(command[0])
    # Under valgrind the interpreter runs the console script, so its count is the process's.
    target = [sys.executable, str(script), *command[1:]] if script.name == "mailhelp" else command
    done = subprocess.run(
        [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *target],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)|refs:\s+([\d,]+)", done.stderr)
    if found is None:
        return None
    return int((found[1] or found[2]).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (default 5)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each command's instructions once under valgrind (slow, load-proof)",
    )
    args = parser.parse_args()
    command = mailhelp_command()
    env = clean_env(command)
    workdir = Path(tempfile.mkdtemp(prefix="mailhelp-cli-bench-"))
    print(f"{' '.join(command)}  ({args.runs} runs each, from {workdir})")
    print(f"load average before: {os.getloadavg()[0]:.2f} (on {os.cpu_count()} cores)")
    print(f"{'command':28} {'median':>8} {'min':>8} {'max':>8} {'cpu':>8} {'target':>8}")
    missed = 0
    try:
        # One untimed run of each, so compiled bytecode and templates exist, as they do after
        # a command's first run.
        for _, arguments, _ in CASES:
            time_once([*command, *arguments], workdir, env)
        for label, arguments, target in CASES:
            runs = [time_once([*command, *arguments], workdir, env) for _ in range(args.runs)]
            times = [wall for wall, _ in runs]
            median = statistics.median(times)
            cpu = statistics.median(cpu for _, cpu in runs)
            verdict = "ok" if median <= target else "SLOW"
            missed += verdict != "ok"
            print(
                f"{label:28} {median:7.3f}s {min(times):7.3f}s {max(times):7.3f}s "
                f"{cpu:7.3f}s {target:7.1f}s  {verdict}"
            )
        if args.instructions:
            print(f"\n{'command':28} {'instructions':>16}")
            for label, arguments, _ in CASES:
                count = instructions([*command, *arguments], workdir, env)
                shown = "valgrind not found" if count is None else f"{count:,}"
                print(f"{label:28} {shown:>16}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
