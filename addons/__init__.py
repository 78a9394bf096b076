"""Rasa server extensions: tracker store with erasure, environment-driven lock store."""
