"""Samenspraak: the Rasa-free core of the assistant (content, scans, advice, storage)."""
