"""Placeholder: subcommands added by this part of the kit (being written)."""

from __future__ import annotations


def add_commands(commands) -> None:
    """Attach this part's subcommands to the `looktwice` parser."""
    return None
