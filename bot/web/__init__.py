"""The web pages (relatives' chat, rehearsal, team dashboard): Rasa-free rendering and data."""
