"""Placeholder for the 'looktwice examples' commands (being written)."""


def add_commands(commands) -> None:
    return None
