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
    """``text`` with every control character written as a visible escape, so that it can neither
    act nor hide.

    Parameters
    ----------
    text : str
        Text from a file.
    keep : str, optional
        Control characters to leave as they are (``"\\n\\t"``, ...).

    Returns
    -------
    str
        The text, each control character (C0, C1, DEL, bidirectional and zero-width
        characters) written as ``\\xNN`` or ``\\uNNNN``.

    Examples
    --------
    >>> from looktwice.safe_text import visible_controls
    >>> print(visible_controls("Canon\\x1b]0;pwned\\x07 EOS\\u202e"))
    Canon\\x1b]0;pwned\\x07 EOS\\u202e
    >>> visible_controls("two\\nlines", keep="\\n")
    'two\\nlines'
    """

    def show(match: re.Match[str]) -> str:
        ch = match.group(0)
        if ch in keep:
            return ch
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    return _CONTROLS.sub(show, text)


def markdown(text: object, limit: int | None = None) -> str:
    """Untrusted text for a Markdown page.

    Parameters
    ----------
    text : object
        Text from a file (anything; ``str()`` is taken).
    limit : int, optional
        The most characters to keep; longer text is cut and ends with "…".

    Returns
    -------
    str
        The text on one line, controls made visible, every ASCII punctuation character
        backslash-escaped: no link, image, emphasis or HTML survives.

    Examples
    --------
    >>> from looktwice.safe_text import markdown
    >>> print(markdown("![badge](http://host/t.png)"))
    \\!\\[badge\\]\\(http\\:\\/\\/host\\/t\\.png\\)
    >>> markdown("a very long prompt", limit=8)
    'a very …'
    """
    line = " ".join(visible_controls(str(text), keep="\t\n\r").split())
    if limit is not None and len(line) > limit:
        line = line[: limit - 1] + "…"
    return _MD_PUNCTUATION.sub(r"\\\1", line)


def html(text: object, limit: int | None = None) -> str:
    """Untrusted text for HTML (element content or a quoted attribute).

    Parameters
    ----------
    text : object
        Text from a file (anything; ``str()`` is taken).
    limit : int, optional
        The most characters to keep; longer text is cut and ends with "…".

    Returns
    -------
    str
        The text with ``& < > " '`` escaped and controls made visible.

    Examples
    --------
    >>> from looktwice.safe_text import html
    >>> html('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    text = visible_controls(str(text), keep="\t\n\r")
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _html.escape(text, quote=True)


def terminal(text: object) -> str:
    """Text for a terminal: no escape sequence (colours, window title, clear screen, clipboard)
    reaches it.

    Parameters
    ----------
    text : object
        Text from a file (anything; ``str()`` is taken).

    Returns
    -------
    str
        The text with every control character but newline and tab made visible.

    Examples
    --------
    >>> from looktwice.safe_text import terminal
    >>> print(terminal("\\x1b[2Jcleared?"))
    \\x1b[2Jcleared?
    """
    return visible_controls(str(text), keep="\n\t")


def json_for_terminal(document: str) -> str:
    """JSON text with the characters a terminal would act on written as ``\\uNNNN`` escapes.

    ``json`` already escapes C0 controls inside strings; this escapes C1 controls and the
    characters of :func:`visible_controls` too. The JSON value stays exactly the same.

    Parameters
    ----------
    document : str
        JSON text, as ``json.dumps(..., ensure_ascii=False)`` writes it.

    Returns
    -------
    str
        The same JSON, safe to print.

    Examples
    --------
    >>> import json
    >>> from looktwice.safe_text import json_for_terminal
    >>> document = json.dumps({"title": "abc\\u202edef"}, ensure_ascii=False)
    >>> print(json_for_terminal(document))
    {"title": "abc\\u202edef"}
    >>> json.loads(json_for_terminal(document)) == json.loads(document)
    True
    """
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)
