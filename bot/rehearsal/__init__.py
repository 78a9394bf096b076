"""Rehearsing the start conversation with a simulated relative: moves, replies, feedback."""
