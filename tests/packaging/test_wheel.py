"""The built wheel carries its data: installed without the checkout, every command and the
Procfile's processes work from an unrelated directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dns_server import DnsAddress
from fake_slack import FakeSlack
from fake_slack.events import event_request, mention
from fake_slack.web import WebProcess, free_port, procfile_command, run_release

from bot import PROJECT_ROOT

# Never part of what pip would build from a clone: environments, caches, build output.
NOT_SOURCE = {".git", ".venv", "build", "dist", "__pycache__", ".mypy_cache", ".ruff_cache"}
NOT_SOURCE |= {".pytest_cache", "tests", "bench"}
SECRET = "wheel-signing-secret"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    workdir: Path

    def env(self, **settings: str) -> dict[str, str]:
        """Only the new environment's programs on PATH, and no checkout on the import path."""
        env = {name: os.environ[name] for name in ("LANG", "LC_ALL", "TZ") if name in os.environ}
        env.update(PATH=f"{self.venv / 'bin'}:/usr/bin:/bin", HOME=str(self.workdir), **settings)
        return env

    def mailhelp(
        self, *args: str, stdin: str | None = None, **settings: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.venv / "bin" / "mailhelp"), *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=self.workdir,
            env=self.env(DATABASE_URL=f"sqlite:///{self.workdir / 'wheel.sqlite3'}", **settings),
            timeout=120,
            check=False,
        )


def _not_source(directory: str, names: list[str]) -> set[str]:
    return {
        name
        for name in names
        if name in NOT_SOURCE
        or name.endswith(".egg-info")
        or (Path(directory, name, "pyvenv.cfg")).exists()
    }


def _run(*command: str | Path, cwd: Path | None = None) -> None:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(PROJECT_ROOT, source, ignore=_not_source)
    # Built from the copy, so the checkout gets no build output; without build isolation, so
    # the test needs nothing from the network (setuptools comes with the dev dependencies).
    pip = (sys.executable, "-m", "pip")
    _run(*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", root / "dist", source)
    [wheel] = (root / "dist").glob("mailhelp-*.whl")
    venv = root / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    target = venv / "bin" / "python"
    _run(*pip, "--python", target, "install", "-q", "--no-deps", wheel)
    # The dependencies are this environment's, by a path entry rather than a second install:
    # its editable mailhelp is a finder that a path entry never loads, so only the wheel's
    # copy of the package can be imported there.
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    new_site = Path(subprocess.check_output([target, "-c", where], text=True).strip())
    (new_site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    # What pip writes for gunicorn's console script, which the path entry does not bring.
    launcher = venv / "bin" / "gunicorn"
    launcher.write_text(
        f"#!{target}\nimport sys\nfrom gunicorn.app.wsgiapp import run\nsys.exit(run())\n"
    )
    launcher.chmod(0o755)
    workdir = root / "elsewhere"
    workdir.mkdir()
    yield Installed(wheel=wheel, venv=venv, workdir=workdir)


def test_the_wheel_holds_every_data_file_the_app_reads(installed: Installed) -> None:
    expected = {"intents.yaml", "manifest.json"}
    for folder in ("responses", "model"):
        expected |= {
            path.relative_to(PROJECT_ROOT).as_posix()
            for path in (PROJECT_ROOT / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())

    shipped = {name.removeprefix("bot/_data/") for name in names if name.startswith("bot/_data/")}
    assert shipped == expected
    assert {
        "bot/py.typed",
        "bot/storage/migrations/env.py",
        "bot/storage/migrations/script.py.mako",
        *(
            f"bot/storage/migrations/versions/{path.name}"
            for path in (PROJECT_ROOT / "bot" / "storage" / "migrations" / "versions").glob("0*.py")
        ),
    } <= names


def test_the_installed_package_reads_its_own_copy_of_the_data(installed: Installed) -> None:
    done = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", "import bot; print(bot.DATA_ROOT)"],
        capture_output=True,
        text=True,
        cwd=installed.workdir,
        env=installed.env(),
        check=True,
    )
    data_root = Path(done.stdout.strip())
    assert data_root.is_relative_to(installed.venv)
    assert (data_root / "responses" / "answers").is_dir()


def test_ask_answers_from_another_directory(installed: Installed) -> None:
    done = installed.mailhelp("ask", "550 5.1.1 <k.lam@orchidtech.com>: User unknown")
    assert done.returncode == 0, done.stderr
    assert "Intent        invalid_address" in done.stdout
    assert "recipient k.lam@orchidtech.com" in done.stdout
    assert "Check right now" in done.stdout or "Ask the recipient" in done.stdout


def test_every_other_command_works_from_another_directory(installed: Installed) -> None:
    intents = installed.mailhelp("intents")
    assert intents.returncode == 0, intents.stderr
    assert "bot/_data/intents.yaml: valid, " in intents.stdout

    triage = installed.mailhelp("triage", "--jsonl", stdin='{"text": "552 5.2.2 mailbox full"}\n')
    assert json.loads(triage.stdout)["intent"] == "mailbox_full"

    checklist = installed.mailhelp("checklist", "--intent", "spam", "--format", "md")
    assert checklist.returncode == 0, checklist.stderr
    assert "- [ ]" in checklist.stdout

    assert installed.mailhelp("migrate").returncode == 0
    stats = installed.mailhelp("stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["triages"] == 0


def test_check_words_its_report_from_the_installed_data(
    installed: Installed, dns_server: DnsAddress
) -> None:
    done = installed.mailhelp(
        "check",
        "send.mx-appended.example",
        MAILHELP_DNS_SERVERS=dns_server.servers,
        MAILHELP_DNS_AUTHORITY_PORT=str(dns_server.port),
    )
    assert done.returncode == 1, done.stderr
    assert "your DNS host appended the domain" in " ".join(done.stdout.split())


def test_the_procfile_processes_run_from_another_directory(installed: Installed) -> None:
    procfile = PROJECT_ROOT / "Procfile"
    port = free_port()
    with FakeSlack() as fake:
        env = installed.env(
            PORT=str(port),
            SLACK_API_URL=fake.api_url,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_BOT_TOKEN="xoxb-test",
            DATABASE_URL=f"sqlite:///{installed.workdir / 'web.sqlite3'}",
        )
        run_release(procfile, env=env, cwd=installed.workdir)
        command = procfile_command(procfile, port)
        with WebProcess(command, port=port, env=env, cwd=installed.workdir) as web:
            event = mention("552 5.2.2 mailbox full for the PO email", channel="C0WHEEL")
            assert web.post(event_request(event), secret=SECRET).status == 200
            [reply] = fake.wait_for("chat.postMessage", timeout=30)

    assert reply.params["thread_ts"] == event["ts"]
    assert reply.params["metadata"]["event_payload"]["intent"] == "mailbox_full"
