"""Show text that came from a stranger's file without letting it act.

A file's labels are text its author chose. Put into Markdown, ``![t](http://host/t.png)``
makes the browser fetch that address (a tracking pixel, a fake badge); put into HTML,
``<img onerror=...>`` runs; printed to a terminal, escape sequences retitle the window, clear
the screen or (OSC 52) write the clipboard. The kit keeps such text exact in its data and
JSON, and escapes it only where it is shown, with the functions here: :func:`markdown`,
:func:`html` and :func:`terminal`.
"""

from __future__ import annotations

import html as _html
import re

#: Every ASCII punctuation character: CommonMark lets each be escaped with a backslash, and
#: escaping them all leaves no emphasis, link, image, autolink, heading, list, table, HTML or
#: maths syntax alive.
_MD_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
#: C0 and C1 control characters and DEL, and the Unicode characters that reorder or hide
#: text (bidirectional overrides and isolates, zero-width joiners, line and paragraph
#: separators, byte-order mark).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
#: The same without C0, which ``json`` escapes itself inside strings (outside them, its
#: newlines and spaces are layout and must stay).
_JSON_UNESCAPED = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def visible_controls(text: str, keep: str = "") -> str:
    """``text`` with every control character (except those in ``keep``) written as a
    visible ``\\xNN`` or ``\\uNNNN`` escape, so that it can neither act nor hide."""

    def show(match: re.Match[str]) -> str:
        ch = match.group(0)
        if ch in keep:
            return ch
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    return _CONTROLS.sub(show, text)


def markdown(text: object, limit: int | None = None) -> str:
    """Untrusted text for a Markdown page: on one line, controls made visible, every ASCII
    punctuation character backslash-escaped; cut to ``limit`` characters (with "…")."""
    line = " ".join(visible_controls(str(text), keep="\t\n\r").split())
    if limit is not None and len(line) > limit:
        line = line[: limit - 1] + "…"
    return _MD_PUNCTUATION.sub(r"\\\1", line)


def html(text: object, limit: int | None = None) -> str:
    """Untrusted text for HTML (element content or a quoted attribute): ``& < > " '``
    escaped, controls made visible; cut to ``limit`` characters."""
    text = visible_controls(str(text), keep="\t\n\r")
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _html.escape(text, quote=True)


def terminal(text: object) -> str:
    """Text for a terminal: every control character but newline and tab made visible, so
    that no escape sequence (colours, window title, clear screen, clipboard) reaches it."""
    return visible_controls(str(text), keep="\n\t")


def json_for_terminal(document: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with C1 controls and
    the characters of :func:`visible_controls` written as ``\\uNNNN`` escapes: the same JSON
    value, exactly, but nothing a terminal would act on. (``json`` already escapes C0.)"""
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)
