"""What infra/Dockerfile and .dockerignore promise, read as text (no Docker engine here).

hadolint (`make lint-infra`) checks the Dockerfile's practices; these tests check the
Drumbeat-specific parts: the two targets, the web app in the API image, the repository layout
that REPO_ROOT needs, a non-root user, health checks that parse, and a build context that
carries what the COPY lines need and none of the local state.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "infra" / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, keyword: str) -> list[str]:
        return [rest for kw, rest in self.instructions if kw == keyword]


def stages() -> dict[str, Stage]:
    text = re.sub(r"\s*\\\n\s*", " ", DOCKERFILE.read_text())
    found: dict[str, Stage] = {}
    current: Stage | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "FROM":
            base, _, name = rest.partition(" AS ")
            current = found[name] = Stage(base, name)
        elif current is not None:
            current.instructions.append((keyword, rest.strip()))
    return found


def chain(name: str) -> list[Stage]:
    """The stage and the stages it is built FROM, nearest first."""
    all_stages = stages()
    result = [all_stages[name]]
    while result[-1].base in all_stages:
        result.append(all_stages[result[-1].base])
    return result


def effective(name: str, keyword: str) -> str:
    """The value an image gets for a single-valued instruction: the last one wins."""
    return [value for stage in reversed(chain(name)) for value in stage.args(keyword)][-1]


def healthcheck_code(name: str) -> str:
    command = effective(name, "HEALTHCHECK")
    exec_form = command[command.index("CMD ") + 4 :]
    argv = json.loads(exec_form)
    assert argv[:2] == ["python", "-c"], "the slim image has no curl: check with Python"
    return str(argv[2])


@pytest.mark.parametrize("target", ["api", "worker"])
def test_targets_run_drumbeat_as_a_non_root_user_on_python_slim(target: str) -> None:
    bases = [stage.base for stage in chain(target)]
    assert bases[-1] == "${PYTHON_IMAGE}"
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in DOCKERFILE.read_text()
    assert effective(target, "USER") == "10001:10001"
    assert effective(target, "ENTRYPOINT") == '["/app/.venv/bin/drumbeat"]'
    assert effective(target, "VOLUME") == '["/app/var"]'
    compile(healthcheck_code(target), f"{target} HEALTHCHECK", "exec")


def test_runtime_gets_no_build_tools() -> None:
    runtime = stages()["runtime"]
    installs = " ".join(runtime.args("RUN"))
    assert not re.search(r"apt-get|pip install|uv |npm|gcc|build-essential", installs)
    # Only the builder's /app (venv + repository layout) comes over, never its uv or caches.
    assert runtime.args("COPY") == ["--from=builder /app /app"]


def test_api_image_serves_the_built_spa_on_port_8000() -> None:
    spa = stages()["spa"]
    assert "npm ci" in " ".join(spa.args("RUN"))
    assert "npm run build" in spa.args("RUN")
    api = stages()["api"]
    assert "--from=spa /src/frontend/dist /app/frontend/dist" in api.args("COPY")
    assert api.args("EXPOSE") == ["8000"]
    assert "/healthz" in healthcheck_code("api")
    assert json.loads(effective("api", "CMD")) == [
        "api",
        "--host",
        "0.0.0.0",  # noqa: S104 - inside the container; only the published port reaches it
        "--port",
        "8000",
        "--workers",
        "0",  # one process per CPU the container may use
    ]


def test_worker_health_check_asks_the_metrics_port_only_when_one_is_set() -> None:
    code = healthcheck_code("worker")
    assert "DRUMBEAT_WORKER_METRICS_PORT" in code
    assert effective("worker", "CMD") == '["worker"]'


def test_builder_installs_the_locked_runtime_set_editable_in_the_repository_layout() -> None:
    builder = stages()["builder"]
    runs = " ".join(builder.args("RUN"))
    assert "uv sync --frozen --no-dev --no-install-project" in runs
    assert "uv sync --frozen --no-dev &&" in runs
    # Non-editable would put services/ into site-packages, and REPO_ROOT (parents[2] of
    # services/core/settings.py) would no longer find alembic.ini, migrations/ and var/.
    assert "--no-editable" not in runs
    assert builder.args("WORKDIR") == ["/app"]
    copied = " ".join(builder.args("COPY"))
    for needed in ["pyproject.toml", "uv.lock", "README.md", "alembic.ini", "migrations/"]:
        assert needed in copied
    assert "services/" in copied
    assert (REPO / "services" / "core" / "settings.py").resolve().parents[2] == REPO


# --- .dockerignore ---------------------------------------------------------------------------


def _regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out, i = out + pattern[i : end + 1], end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def in_context(path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    included = True
    for line in DOCKERIGNORE.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        regex = _regex(line.lstrip("!").strip("/"))
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            included = negated
    return included


@pytest.mark.parametrize(
    "path",
    [
        "pyproject.toml",
        "uv.lock",
        "README.md",
        "alembic.ini",
        "services/cli.py",
        "services/core/settings.py",
        "migrations/env.py",
        "frontend/package.json",
        "frontend/package-lock.json",
        "frontend/index.html",
        "frontend/src/main.tsx",
    ],
)
def test_build_context_has_what_the_copy_lines_need(path: str) -> None:
    assert (REPO / path).exists()
    assert in_context(path)


@pytest.mark.parametrize(
    "path",
    [
        ".venv/bin/python",
        "frontend/node_modules/react/index.js",
        "frontend/dist/index.html",
        "var/drumbeat.sqlite3",
        "var/outbox/x.eml",
        ".git/HEAD",
        ".env",
        "services/.env",
        ".pytest_cache/README.md",
        ".mypy_cache/x.json",
        ".ruff_cache/x",
        ".hypothesis/examples/x",
        "services/__pycache__/cli.cpython-311.pyc",
        "tests/conftest.py",
    ],
)
def test_build_context_leaves_local_state_out(path: str) -> None:
    assert not in_context(path)
