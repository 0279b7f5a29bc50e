"""The shape of kit/: parts, imports that point down, no screen in the analysis.

The checker reads the source with ``ast`` (nothing is imported), so it also
runs on the small made-up packages below, which show that each rule can fail.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Every module of the kit, lowest first: a module may import only modules
#: before it.  A package's ``__init__`` is listed by the package's name.
LAYERS = (
    "kit.errors", "kit._io",
    "kit.store",                                   # the progress store
    "kit.case", "kit.case.articles", "kit.case.sentences", "kit.case.spans", "kit.case.key", "kit.case.tables", "kit.case.pages",
    "kit.case.sources",
    "kit.detect", "kit.detect.lexicon", "kit.detect.similar", "kit.detect.slips", "kit.detect.quotes",
    "kit.detect.names", "kit.detect.artifacts", "kit.detect.wording", "kit.detect.run",
    "kit.detect.evaluate",
    "kit.quiz.spec", "kit.quiz.jupyterquiz", "kit.quiz.grade", "kit.quiz.bank", "kit.quiz.model", "kit.quiz.widgets",
    "kit.quiz",
    "kit.view", "kit.lessons",
    "kit.plots.parts", "kit.plots.tallies", "kit.plots.events", "kit.plots.classroom", "kit.plots",
    "kit",
    "kit.teach", "kit.teach.exercises", "kit.teach.gradebook", "kit.teach.timing", "kit.teach.hub",
    "kit.teach.new_case", "kit.teach.check_case",
    "kit.cli", "kit.__main__",
)
#: Analysis and the store: data in, data out, nothing drawn.
NO_SCREEN = ("kit.errors", "kit._io", "kit.store", "kit.case", "kit.detect", "kit.quiz.spec",
             "kit.quiz.jupyterquiz", "kit.quiz.grade", "kit.quiz.bank", "kit.quiz.model")
SCREEN_LIBRARIES = ("ipywidgets", "IPython", "matplotlib")
#: Imported only inside the functions that need them, so that ``import kit`` stays fast.
HEAVY_LIBRARIES = ("pandas", "matplotlib", "ipywidgets", "IPython")
MAX_LINES = 600


def _modules(root: Path) -> dict[str, Path]:
    """``{module name: file}`` for every ``.py`` file of the package ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(tree: ast.Module, name: str, is_package: bool, known) -> list[tuple]:
    """``(imported module, names, node, at top level)`` for every import in ``tree``."""
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name, [], node, id(node) in top))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:                               # relative: resolve it
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[:len(package) - node.level + 1]
                base = ".".join(package + ([base] if base else []))
            names = [a.name for a in node.names]
            submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in known]
            if submodules:                               # from kit.quiz import model
                found += [(m, [], node, id(node) in top) for m in submodules]
                names = [n for n in names if f"{base}.{n}" not in known]
                if not names:
                    continue
            found.append((base, names, node, id(node) in top))
    return found


def _cycle(graph: dict[str, set]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check_package(root: Path, layers=LAYERS, no_screen=NO_SCREEN) -> list[str]:
    """Every broken rule in the package at ``root``, one line each (``[]``: all kept)."""
    modules = _modules(root)
    rank = {m: i for i, m in enumerate(layers)}
    problems, graph = [], {}
    for name, path in modules.items():
        source = path.read_text(encoding="utf-8")
        where = path.relative_to(root.parent)
        lines = source.count("\n")
        if lines > MAX_LINES:
            problems.append(f"{where}: {lines} lines, more than {MAX_LINES}")
        if name not in rank:
            problems.append(f"{where}: {name} has no place in the layer order")
        tree = ast.parse(source, filename=str(path))
        graph[name] = set()
        for target, names, node, at_top in _imports(tree, name, path.name == "__init__.py", modules):
            line = f"{where}:{node.lineno}"
            library = target.split(".")[0]
            screen_free = any(name == p or name.startswith(p + ".") for p in no_screen)
            if screen_free and library in SCREEN_LIBRARIES:
                problems.append(f"{line}: {name} is analysis code but imports {target}")
            if at_top and library in HEAVY_LIBRARIES:
                problems.append(f"{line}: {target} imported at the top; import it in the function "
                                f"that needs it, so that `import kit` stays fast")
            if library != root.name:
                continue
            if not at_top:
                problems.append(f"{line}: {target} imported inside a function or block; "
                                f"kit modules are imported at the top")
            graph[name].add(target)
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and target != name:
                problems.append(f"{line}: private name(s) {', '.join(private)} taken from {target}")
            if target in rank and name in rank and rank[target] >= rank[name]:
                problems.append(f"{line}: {name} imports {target}, which is not below it")
    cycle = _cycle({m: {t for t in ts if t in graph} for m, ts in graph.items()})
    if cycle:
        problems.append("import circle: " + " -> ".join(cycle))
    return problems


def test_the_kit_keeps_its_architecture():
    assert check_package(ROOT / "kit") == []


def test_every_module_of_the_kit_has_a_layer():
    assert set(_modules(ROOT / "kit")) == set(LAYERS)


def test_import_kit_is_fast_and_loads_no_heavy_library():
    code = ("import sys, kit, kit.plots, kit.cli; "
            f"print(sorted(m for m in {HEAVY_LIBRARIES!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert out.stdout.strip() == "[]"


# ----------------------------------------------------- the checker can fail

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "kit"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


SMALL_LAYERS = ("kit.errors", "kit.case", "kit.case.articles", "kit.detect", "kit.detect.quotes",
                "kit.show", "kit")
SMALL = {
    "__init__.py": "from kit.detect.quotes import find\n",
    "errors.py": "class KitError(Exception):\n    pass\n",
    "case/__init__.py": "",
    "case/articles.py": "from kit.errors import KitError\n\ndef load():\n    import pandas\n",
    "detect/__init__.py": "",
    "detect/quotes.py": "from kit.case.articles import load\n\ndef find():\n    return load()\n",
    "show.py": "from kit.detect.quotes import find\n\ndef show():\n    import IPython\n",
}


def _check_small(tmp_path, **changes) -> list[str]:
    files = dict(SMALL)
    files.update({k.replace("__", "/").replace("_py", ".py"): v for k, v in changes.items()})
    return check_package(_package(tmp_path, files), SMALL_LAYERS,
                         ("kit.errors", "kit.case", "kit.detect"))


def test_checker_passes_a_sound_package(tmp_path):
    assert _check_small(tmp_path) == []


@pytest.mark.parametrize("module, source, expected", [
    ("case__articles_py", "from kit.detect.quotes import find\n", "which is not below it"),
    ("case__articles_py", "from kit.errors import _hidden\n", "private name(s) _hidden"),
    ("detect__quotes_py", "def find():\n    from kit.case.articles import load\n    return load()\n",
     "imported inside a function"),
    ("detect__quotes_py", "def draw():\n    import ipywidgets\n", "analysis code but imports ipywidgets"),
    ("case__articles_py", "def plot():\n    import matplotlib.pyplot\n", "analysis code but imports matplotlib"),
    ("show_py", "import pandas\n", "pandas imported at the top"),
    ("detect__quotes_py", "x = 1\n" * (MAX_LINES + 1), "more than 600"),
    ("detect__extra_py", "", "no place in the layer order"),
])
def test_checker_finds_each_broken_rule(tmp_path, module, source, expected):
    problems = _check_small(tmp_path, **{module: source})
    assert any(expected in p for p in problems), problems


def test_checker_finds_a_circle(tmp_path):
    files = dict(SMALL)
    files["case/articles.py"] = "from kit.detect.quotes import find\n"
    problems = check_package(_package(tmp_path, files), SMALL_LAYERS, ())
    assert "import circle: kit.detect.quotes -> kit.case.articles -> kit.detect.quotes" in problems
    # the circle is found by itself too, whatever the layer order says
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _tree_files(doc: str) -> set[str]:
    """The files the tree in docs/architecture.md names, as paths under kit/."""
    block = doc.split("## The tree", 1)[1].split("```")[1]
    files, folders = set(), {}
    for line in block.splitlines():
        if "── " not in line:
            continue
        prefix, rest = line.split("── ", 1)
        depth = len(prefix) // 4
        name = rest.split()[0]
        if name.endswith("/"):
            folders[depth] = name
            continue
        path = "".join(folders[d] for d in range(depth)) + name
        files.add("kit/" + path)
    return files


def test_the_documented_tree_is_the_tree():
    """Does docs/architecture.md describe every file of kit/, and only files that exist?"""
    named = _tree_files((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
    real = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kit").rglob("*.py")}
    assert not real - named, f"docs/architecture.md does not describe {sorted(real - named)}"
    assert not named - real, f"docs/architecture.md describes missing {sorted(named - real)}"


def test_the_tree_check_sees_a_missing_and_an_extra_file():
    doc = "## The tree\n\n```\nkit/\n├── a.py     x\n├── case/    y\n│   └── b.py  z\n```\n"
    assert _tree_files(doc) == {"kit/a.py", "kit/case/b.py"}
