"""The import picture of the package: data flows image → analyses → report → surfaces, readers
never import writers or surfaces, and no two modules import each other at load time.

Writers are one package, :mod:`looktwice.writers`: everything that writes or changes a file
lives there, so "a reader imports a writer" is "a reader imports ``looktwice.writers``"."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "looktwice"

#: Modules that read an image and say what it carries.
READERS = (
    "looktwice.analyses",
    "looktwice.meta",
    "looktwice.image_file",
    "looktwice.containers",
    "looktwice.carried",
    "looktwice.evidence",
    "looktwice.report",
    "looktwice.track_record",
    "looktwice.c2pa_offline",
    "looktwice.source_types",
    "looktwice.limits",
    "looktwice.safe_text",
)
#: Modules that write or change files: the writers package, and nothing else.
WRITERS = ("looktwice.writers",)
#: What the writers package holds (labels, C2PA signing, the watermark encoder, washing,
#: removing labels, tampering).
WRITER_MODULES = {"labels", "signing", "watermark", "launder", "strip", "tamper"}
#: What people use: the command line, the classroom app, lessons, the evaluation above them.
SURFACES = (
    "looktwice.cli",
    "looktwice.demo_cli",
    "looktwice.classroom",
    "looktwice.lessons",
    "looktwice.quiz",
    "looktwice.teaching",
    "looktwice.evaluation",
    "looktwice.examples",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, top_level_only: bool) -> set[str]:
    """Absolute names of the looktwice modules ``path`` imports."""
    name = _module_name(path)
    return _imports_in(path.read_text(encoding="utf-8"), name, path.name == "__init__.py", top_level_only)


def _imports_in(source: str, name: str, is_package: bool, top_level_only: bool) -> set[str]:
    """Absolute names of the looktwice modules that module ``name`` (source ``source``) imports."""
    tree = ast.parse(source)
    package = name if is_package else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.If) and top_level_only:
            continue  # `if TYPE_CHECKING:` blocks import nothing at run time
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("looktwice")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("looktwice"):
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names if _is_module(f"{module}.{a.name}")}
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _in(name: str, groups: tuple[str, ...]) -> bool:
    return any(name == g or name.startswith(g + ".") for g in groups)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _reader_arrows(modules: dict[str, set[str]]) -> list[str]:
    """``reader -> target`` for every import of a writer or a surface by a reader."""
    return [
        f"{name} -> {target}"
        for name, targets in modules.items()
        if _in(name, READERS)
        for target in targets
        if _in(target, WRITERS + SURFACES)
    ]


def test_readers_import_no_writer_and_no_surface():
    imports = {name: _imports(path, top_level_only=False) for name, path in MODULES.items()}
    assert _reader_arrows(imports) == []


@pytest.mark.parametrize(
    "line",
    [
        "from ..writers import labels",
        "from ..writers.signing import sign_image",
        "from .. import writers",
        "import looktwice.writers.launder",
        "from looktwice.writers.strip import without_labels",
        "def later():\n    from ..writers.watermark import embed_bits",
    ],
)
def test_a_reader_importing_the_writers_package_is_caught(line):
    """The check above is not vacuous: any way of importing looktwice.writers from a reader fails."""
    imports = _imports_in(line + "\n", "looktwice.analyses.example", is_package=False, top_level_only=False)
    assert _reader_arrows({"looktwice.analyses.example": imports}), line


def test_every_writer_lives_in_the_writers_package():
    writers = {name.rpartition(".")[2] for name in MODULES if name.startswith("looktwice.writers.")}
    assert writers == WRITER_MODULES
    top_level = {name.rpartition(".")[2] for name in MODULES if name.count(".") == 1}
    assert not top_level & WRITER_MODULES  # no writer left beside the readers


def test_no_import_cycle_at_load_time():
    graph = {
        name: {t for t in _imports(path, top_level_only=True) if t in MODULES and t != name}
        for name, path in MODULES.items()
    }
    # a package's __init__ importing its own submodules is how packages work, not a cycle
    for name in graph:
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    cycles = _strongly_connected(graph)
    assert cycles == []


def test_examples_package_has_no_circle_even_through_late_imports():
    """The catalogue's data model knows no source, sources know the model only, and the
    registry alone knows them all: no module of looktwice.examples leads back to itself, even
    through imports made inside functions (the package's own ``__init__`` counts as a module)."""
    inside = {name: path for name, path in MODULES.items() if _in(name, ("looktwice.examples",))}
    graph = {
        name: {t for t in _imports(path, top_level_only=False) if t in inside and t != name}
        for name, path in inside.items()
    }
    assert _strongly_connected(graph) == []
    assert "looktwice.examples.registry" not in graph["looktwice.examples.catalog"]


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of two or more modules that import each other (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups
