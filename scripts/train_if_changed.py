"""Train the Rasa model only when its inputs changed (hash of data, domain, config, our NLU code).

Content reaches the model only through data/generated/ (made by scripts/generate_responses.py),
so it is covered by hashing data/. A trained model is also kept in the user's cache
(`$XDG_CACHE_HOME/samenspraak/models`, by fingerprint), so another checkout of the same inputs
(a fresh clone, a worktree, CI) takes it from there instead of training again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "samenspraak.tar.gz"
FINGERPRINT = ROOT / "models" / "samenspraak.fingerprint"
# models of other fingerprints kept in the cache (the newest ones)
CACHE_KEEP = 4


def inputs() -> list[Path]:
    """Every file the trained model depends on."""
    # the NLU components of config.yml that are ours (addons/linear_nlu.py)
    files = [ROOT / "config.yml", ROOT / "domain.yml", ROOT / "addons" / "linear_nlu.py"]
    files += sorted((ROOT / "data").rglob("*.yml"))
    return files


def fingerprint() -> str:
    """Hash of the Rasa version and the names and contents of all inputs."""
    digest = hashlib.sha256(f"rasa {version('rasa')}\n".encode())
    for path in inputs():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path:
    """Where trained models are kept across checkouts."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "samenspraak" / "models"


def _install(model: Path, current: str) -> None:
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model, MODEL)
    FINGERPRINT.write_text(current)


def _keep(current: str) -> None:
    """Copy the new model into the cache and drop the oldest cached ones."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / f"{current}.tar.gz.partial"
    shutil.copyfile(MODEL, partial)
    partial.replace(cache / f"{current}.tar.gz")
    cached = sorted(cache.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in cached[CACHE_KEEP:]:
        old.unlink(missing_ok=True)


def main() -> int:
    current = fingerprint()
    if MODEL.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text().strip() == current:
        print("==> Model is up to date (data, domain and config unchanged)")
        return 0
    cached = cache_dir() / f"{current}.tar.gz"
    if cached.is_file():
        print(f"==> Model taken from the cache ({cached}): trained earlier on the same data")
        _install(cached, current)
        return 0
    print("==> Training the model (data, domain or config changed)")
    rasa = Path(sys.executable).parent / "rasa"
    command = [
        str(rasa),
        "train",
        "--fixed-model-name",
        "samenspraak",
        "--out",
        str(MODEL.parent),
        "--domain",
        "domain.yml",
        "--data",
        "data",
        "--config",
        "config.yml",
    ]
    env = {**os.environ, "TQDM_DISABLE": "1", "RASA_TELEMETRY_ENABLED": "false"}
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        return result.returncode
    FINGERPRINT.write_text(current)
    _keep(current)
    return 0


if __name__ == "__main__":
    sys.exit(main())
