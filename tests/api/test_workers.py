"""`drumbeat api --workers N`: several server processes on one port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from services import cli
from services.core.settings import REPO_ROOT, Settings, api_processes, available_cpus


def served_with(monkeypatch: pytest.MonkeyPatch, *argv: str) -> dict[str, Any]:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    # The command tells the processes it starts how many they are, and where their metrics
    # go, through the environment: set here so that the test gives it back as it was.
    monkeypatch.setenv("DRUMBEAT_API_WORKERS", "1")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
    assert cli.main(["api", *argv]) == 0
    assert len(calls) == 1
    return calls[0]


def test_workers_option_reaches_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    assert served_with(monkeypatch, "--workers", "3")["workers"] == 3
    assert os.environ["DRUMBEAT_API_WORKERS"] == "3"
    assert served_with(monkeypatch)["workers"] == 1  # `make run`: one process
    assert served_with(monkeypatch, "--workers", "0")["workers"] == available_cpus()


def test_workers_setting_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "get_settings", lambda: Settings(api_workers=2))
    assert served_with(monkeypatch)["workers"] == 2
    assert served_with(monkeypatch, "--workers", "1")["workers"] == 1


def test_negative_workers_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["api", "--workers", "-1"])
    assert "--workers is 0 (one per CPU) or more" in capsys.readouterr().err


def test_processes_share_the_password_hashes() -> None:
    four = min(4, available_cpus())
    assert Settings(api_workers=1).password_hash_concurrency == four
    assert Settings(api_workers=2).password_hash_concurrency == max(1, four // 2)
    assert Settings(api_workers=64).password_hash_concurrency == 1
    assert Settings(api_workers=2, password_hash_concurrency=3).password_hash_concurrency == 3
    assert api_processes(0) == available_cpus()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def spawned_children(pid: int) -> list[str]:
    """The command lines of the processes multiprocessing started under ``pid``."""
    lines = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            lines.append(cmdline.decode())
    return [line for line in lines if "spawn_main" in line]


def readyz_count(exposition: str) -> float:
    families = text_string_to_metric_families(exposition)
    histogram = next(f for f in families if f.name == "drumbeat_http_request_duration_seconds")
    return sum(
        sample.value
        for sample in histogram.samples
        if sample.name.endswith("_count") and sample.labels.get("route") == "/readyz"
    )


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_two_workers_serve_the_api(database_url: str, tmp_path: Path) -> None:
    drumbeat = shutil.which("drumbeat", path=str(Path(sys.executable).parent))
    assert drumbeat is not None
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRUMBEAT_")}
    env |= {"DRUMBEAT_DATABASE_URL": database_url, "DRUMBEAT_LOG_LEVEL": "WARNING"}
    command = [drumbeat, "api", "--port", str(port), "--workers", "2"]
    with (tmp_path / "api.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own command
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 120  # only against a hang
        answers: list[int] = []
        while len(answers) < 20:
            assert process.poll() is None, (tmp_path / "api.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "api.log").read_text()
            try:
                # /readyz asks the database: both processes reach it.
                answers.append(httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code)
            except httpx.TransportError:
                time.sleep(0.2)
        assert set(answers) == {200}
        assert len(spawned_children(process.pid)) == 2
        # Whichever process answers /metrics counts the requests both of them served (at
        # least the 20 answered; one a client gave up on while starting counts too).
        counts = set()
        for _ in range(6):
            counts.add(readyz_count(httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text))
        assert len(counts) == 1 and counts.pop() >= 20
    finally:
        process.terminate()
        process.wait(timeout=30)
