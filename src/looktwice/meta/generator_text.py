"""Recognise the settings that local image generators write into PNG text chunks (and EXIF).

Known layouts, from the tools' own source code:

- AUTOMATIC1111 / Forge: key ``parameters`` = prompt, an optional ``Negative prompt:`` line,
  and a last line of ``Key: value`` settings starting with ``Steps:``; JPEG and WebP carry the
  same text in EXIF UserComment.
- ComfyUI: keys ``prompt`` (the node graph as JSON) and ``workflow``.
- InvokeAI: ``invokeai_metadata``, ``invokeai_workflow``, ``invokeai_graph``; older versions
  ``sd-metadata`` and ``Dream``.
- NovelAI: ``Software`` = ``NovelAI``, ``Description`` (the prompt), ``Comment`` (JSON).
- Midjourney: a ``Description`` that contains ``Job ID:``.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field

from ..limits import JSON_NODES, TEXT_CHARS

#: Settings from A1111's last line that are worth showing.
_A1111_KEYS = ("Steps", "Sampler", "CFG scale", "Seed", "Size", "Model", "Model hash", "Version")

#: Names that, found in a Software or CreatorTool field, say a generator made the file.
GENERATOR_NAMES = (
    "stable diffusion", "automatic1111", "comfyui", "invokeai", "novelai", "midjourney", "dall-e",
    "dall·e", "firefly", "imagen", "gemini", "chatgpt", "gpt-4o", "flux", "leonardo", "ideogram",
    "kandinsky", "fooocus", "diffusers", "grok", "aurora", "stability",
)  # fmt: skip


@dataclass
class GeneratorParams:
    """Which tool wrote generation settings into the file, and what they say."""

    tool: str
    keys: list[str]
    settings: dict[str, str] = field(default_factory=dict)
    prompt: str | None = None
    negative_prompt: str | None = None


#: A quoted A1111 value, backslash escapes allowed; possessive, so a quote left open costs one
#: pass to the end of the line, never a search back.
_QUOTED = re.compile(r'"(?:[^"\\]++|\\.)*+("?)')
_STEPS = re.compile(r"\s*Steps:\s*\d")


def _closes_value(line: str, quoted: re.Match[str]) -> bool:
    """True when a quoted value is closed and followed by a comma or the end of the line."""
    end = quoted.end()
    return bool(quoted.group(1)) and (end == len(line) or line[end] == ",")


#: The characters of a settings key (word characters, space, dot, dash, slash), matched on
#: the reversed text before a colon: the key is the run of them that ends at the colon.
_KEY_TAIL = re.compile(r"[\w .\-/]*")


def _key_before(text: str) -> str:
    """The key that ends ``text``: its last run of key characters, stripped."""
    return _KEY_TAIL.match(text[::-1]).group(0)[::-1].strip()


def a1111_settings(line: str) -> dict[str, str]:
    """Every ``Key: value`` pair of A1111's settings line, in one pass (linear in its length):
    a key is the run of word characters, spaces, dots, dashes and slashes before a colon, a
    value runs to the next comma unless it is quoted; a later key wins over an earlier one."""
    settings: dict[str, str] = {}
    pos, n = 0, len(line)
    while pos < n:
        colon = line.find(":", pos)
        if colon < 0:
            break
        key, pos = _key_before(line[pos:colon]), colon + 1
        while pos < n and line[pos].isspace():
            pos += 1
        quoted = _QUOTED.match(line, pos) if line.startswith('"', pos) else None
        if quoted and not _closes_value(line, quoted):
            quoted = None  # an open quote, or text after the closing one: read it unquoted
        if quoted:
            value, pos = quoted.group(0), quoted.end()
        comma = line.find(",", pos)
        end = n if comma < 0 else comma
        if not quoted:
            value = line[pos:end]
        settings[key] = value.strip().strip('"')
        pos = end + 1
    return settings


def parse_a1111(text: str) -> tuple[str | None, str | None, dict[str, str]] | None:
    """Prompt, negative prompt and settings from A1111's ``parameters`` text; None if the text
    does not have that shape. Linear in the text's length, which is cut to
    :data:`~looktwice.limits.TEXT_CHARS`."""
    lines = text[:TEXT_CHARS].strip().splitlines()
    if not lines or not _STEPS.match(lines[-1]):
        return None
    settings = a1111_settings(lines[-1])
    body = "\n".join(lines[:-1])
    prompt, _, negative = body.partition("Negative prompt:")
    return prompt.strip() or None, negative.strip() or None, {k: v for k, v in settings.items() if k in _A1111_KEYS}


def _json(text: str) -> object:
    """Parsed JSON, or None when it is not JSON, too long or nested too deeply."""
    if len(text) > TEXT_CHARS:
        return None
    try:
        return json.loads(text)
    except (ValueError, TypeError, RecursionError):
        return None


def _comfy_settings(graph_json: str) -> dict[str, str]:
    graph = _json(graph_json)
    if graph is None:
        return {"graph": "unreadable JSON"}
    nodes = list(itertools.islice(graph.values(), JSON_NODES)) if isinstance(graph, dict) else []
    settings: dict[str, str] = {"nodes": str(len(graph)) if isinstance(graph, dict) else "?"}
    for node in nodes:
        inputs = node.get("inputs", {}) if isinstance(node, dict) else {}
        inputs = inputs if isinstance(inputs, dict) else {}
        for key, name in (("ckpt_name", "Model"), ("seed", "Seed"), ("steps", "Steps"),
                          ("sampler_name", "Sampler"), ("cfg", "CFG scale")):  # fmt: skip
            value = inputs.get(key)
            if isinstance(value, (str, int, float)) and name not in settings:
                settings[name] = str(value)[:200]
    return settings


def find_generator_params(text: dict[str, str], user_comment: str | None) -> GeneratorParams | None:
    """Recognise a generator's settings among text chunks (and EXIF UserComment)."""
    keys = list(text)
    if "parameters" in text or (user_comment and parse_a1111(user_comment)):
        source = (text.get("parameters") or user_comment or "")[:TEXT_CHARS]
        parsed = parse_a1111(source)
        prompt, negative, settings = parsed if parsed else (source.strip() or None, None, {})
        return GeneratorParams("AUTOMATIC1111 / Stable Diffusion web UI", keys, settings, prompt, negative)
    if "prompt" in text or "workflow" in text:
        return GeneratorParams("ComfyUI", keys, _comfy_settings(text.get("prompt", "")))
    invoke = [k for k in text if k.startswith("invokeai_") or k in ("sd-metadata", "Dream")]
    if invoke:
        return GeneratorParams("InvokeAI", keys, {"keys": ", ".join(invoke)})
    if text.get("Software", "").strip().lower().startswith("novelai"):
        comment = _json(text.get("Comment", "{}"))
        comment = comment if isinstance(comment, dict) else {}
        settings = {k: str(comment[k])[:200] for k in ("steps", "sampler", "seed", "scale") if k in comment}
        return GeneratorParams("NovelAI", keys, settings, text.get("Description"))
    description = text.get("Description", "")
    if "Job ID:" in description:
        return GeneratorParams("Midjourney", keys, {}, description.split("Job ID:")[0].strip() or None)
    return None


def names_generator(value: str | None) -> str | None:
    """The generator named in a Software/CreatorTool value, if any."""
    if not value:
        return None
    low = value.lower()
    return next((name for name in GENERATOR_NAMES if name in low), None)
