"""House rules a maintainer relies on (issue #19): ruff's lint and format are clean, every
public function and class of the library says what it does, and the functions lessons and
maintainers reach for first have numpydoc docstrings with an example that runs."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "looktwice"


def _ruff(*args: str) -> subprocess.CompletedProcess:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is part of the test extra: pip install -e .[test]"
    return subprocess.run([ruff, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_lint_is_clean():
    done = _ruff("check", "src", "tests", "benchmarks", "demos", "deploy")
    assert done.returncode == 0, done.stdout[-3000:]


def test_ruff_format_is_clean():
    done = _ruff("format", "--check", "src", "tests", "benchmarks", "demos", "deploy")
    assert done.returncode == 0, done.stdout[-3000:]


def test_every_public_function_and_class_has_a_docstring():
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            public = isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            ) and not node.name.startswith("_")
            if public and not ast.get_docstring(node):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert missing == []


# --------------------------------------------------------------------------- numpydoc

#: The functions lessons and maintainers reach for first, by module (``"*"``: every public
#: function of the module). Each has a numpydoc docstring, as scikit-image's do: a Parameters
#: section naming every parameter, a Returns section, and an Examples section whose ``>>>``
#: lines run as a doctest (pytest runs ``--doctest-modules`` over src/looktwice).
NUMPYDOC: dict[str, str | tuple[str, ...]] = {
    "report.py": ("inspect", "build_report"),
    "image_file.py": ("open_specimen",),
    **{
        f"analyses/{p.name}": ("analyse",)
        for p in sorted((PACKAGE / "analyses").glob("*.py"))
        if p.stem not in ("__init__", "base")
    },
    "examples/__init__.py": ("list_examples", "get_example", "load_example", "load_example_bytes", "is_available"),
    "writers/labels.py": "*",
    "writers/signing.py": "*",
    "writers/watermark.py": "*",
    "writers/launder.py": "*",
    "writers/strip.py": "*",
    "writers/tamper.py": "*",
    "track_record.py": "*",
    "safe_text.py": "*",
}

_SECTION = re.compile(r"^( *)(\w[\w ]*)\n\1(-+) *$", re.MULTILINE)


def _sections(doc: str) -> dict[str, str]:
    """A numpydoc docstring's sections by title (a title underlined by as many dashes)."""
    heads = [m for m in _SECTION.finditer(doc) if len(m.group(3)) == len(m.group(2))]
    return {m.group(2): doc[m.end() : nxt.start() if nxt else len(doc)] for m, nxt in zip(heads, [*heads[1:], None])}


def _documented_parameters(section: str) -> set[str]:
    """Names a Parameters section describes: each unindented ``name : type`` line (or
    ``a, b : type``, ``**params``)."""
    names: set[str] = set()
    for line in section.strip("\n").splitlines():
        if line and not line[0].isspace():
            names |= {n.strip().lstrip("*") for n in line.split(" : ")[0].split(",")}
    return names


def _numpydoc_problems(node: ast.FunctionDef) -> list[str]:
    doc = ast.get_docstring(node) or ""
    sections = _sections(doc)
    args = node.args
    params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs if a.arg not in ("self", "cls")]
    params += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    problems = []
    if params:
        missing = set(params) - _documented_parameters(sections.get("Parameters", ""))
        if missing:
            problems.append(f"Parameters does not describe {sorted(missing)}")
    if "Returns" not in sections and "Yields" not in sections:
        problems.append("no Returns section")
    runs = [line for line in sections.get("Examples", "").splitlines() if line.lstrip().startswith(">>>")]
    if not [line for line in runs if "+SKIP" not in line]:
        problems.append("no Examples section with a >>> line that runs")
    return problems


def test_key_functions_have_numpydoc_docstrings_with_examples():
    problems = []
    for relative, names in NUMPYDOC.items():
        path = PACKAGE / relative
        functions = {
            n.name: n
            for n in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")
        }
        wanted = sorted(functions) if names == "*" else names
        for name in wanted:
            if name not in functions:
                problems.append(f"{relative}: no public function {name}")
                continue
            problems += [
                f"{relative}:{functions[name].lineno} {name}: {p}" for p in _numpydoc_problems(functions[name])
            ]
    assert problems == []


def test_the_numpydoc_check_catches_what_it_should():
    """The rule above is not vacuous: a one-line docstring, an undocumented parameter and a
    skipped example are each caught."""
    source = '''
def bare(data):
    """One line."""

def partial(data, quality=75):
    """Re-save.

    Parameters
    ----------
    data : bytes
        The file.

    Returns
    -------
    bytes
        The copy.

    Examples
    --------
    >>> partial(b"")  # doctest: +SKIP
    """
'''
    bare, partial = ast.parse(source).body
    assert len(_numpydoc_problems(bare)) == 3
    assert _numpydoc_problems(partial) == [
        "Parameters does not describe ['quality']",
        "no Examples section with a >>> line that runs",
    ]
