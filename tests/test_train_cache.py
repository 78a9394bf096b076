"""`make train` takes a model trained on the same inputs from the user's cache instead of training."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import train_if_changed as train


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(train, "MODEL", tmp_path / "models" / "samenspraak.tar.gz")
    monkeypatch.setattr(train, "FINGERPRINT", tmp_path / "models" / "samenspraak.fingerprint")

    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("trained although the cache holds a model of these inputs")

    monkeypatch.setattr(train.subprocess, "run", no_training)
    return tmp_path


def test_a_cached_model_of_the_same_inputs_is_used(checkout: Path) -> None:
    cache = train.cache_dir()
    cache.mkdir(parents=True)
    (cache / f"{train.fingerprint()}.tar.gz").write_bytes(b"model")
    assert train.main() == 0
    assert train.MODEL.read_bytes() == b"model"
    assert train.FINGERPRINT.read_text() == train.fingerprint()
    # the second time the model in models/ is up to date
    assert train.main() == 0


def test_other_inputs_are_not_taken_from_the_cache(checkout: Path) -> None:
    cache = train.cache_dir()
    cache.mkdir(parents=True)
    (cache / f"{'0' * 64}.tar.gz").write_bytes(b"other model")
    with pytest.raises(AssertionError, match="trained although"):
        train.main()
    assert not train.MODEL.exists()


def test_the_fingerprint_follows_the_rasa_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = train.fingerprint()
    monkeypatch.setattr(train, "version", lambda name: "0.0.0")
    assert train.fingerprint() != before
