"""Rasa server extensions: tracker store with erasure, environment-driven lock store, channels, pages.

Rasa imports this package for the channels, tracker store and lock store named in credentials.yml and
endpoints.yml; importing it also makes the server check action responses without re-checking their
schema every time, and read events back faster (addons/rasa_patches.py, the one module that
changes Rasa's own code).
"""

from addons.rasa_patches import install

install()
