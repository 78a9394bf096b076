"""Train the Rasa model only when its inputs changed (hash of data, domain, config, our NLU code).

Content reaches the model only through data/generated/ (made by scripts/generate_responses.py),
so it is covered by hashing data/.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "samenspraak.tar.gz"
FINGERPRINT = ROOT / "models" / "samenspraak.fingerprint"


def inputs() -> list[Path]:
    """Every file the trained model depends on."""
    # the NLU components of config.yml that are ours (addons/linear_nlu.py)
    files = [ROOT / "config.yml", ROOT / "domain.yml", ROOT / "addons" / "linear_nlu.py"]
    files += sorted((ROOT / "data").rglob("*.yml"))
    return files


def fingerprint() -> str:
    """Hash of the names and contents of all inputs."""
    digest = hashlib.sha256()
    for path in inputs():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> int:
    current = fingerprint()
    if MODEL.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text().strip() == current:
        print("==> Model is up to date (data, domain and config unchanged)")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
