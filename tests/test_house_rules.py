"""House rules that a fresh install and any date depend on: declared dependencies, one clock."""
import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ("bot", "knowledge", "storage")
LOCAL = set(RUNTIME) | {"benchmarks", "tests"}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_imports() -> dict[str, str]:
    """Top-level modules imported anywhere in the runtime packages, with one file that imports each."""
    found: dict[str, str] = {}
    for folder in RUNTIME:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in LOCAL and top not in sys.stdlib_module_names:
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def declared_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {norm(re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0]) for dep in project["dependencies"]}


def test_every_runtime_import_is_a_declared_dependency():
    """`pip install -e .` without extras must bring everything the bot imports (numpy came only with tests)."""
    declared = declared_dependencies()
    distributions = packages_distributions()
    problems = []
    for module, where in sorted(runtime_imports().items()):
        dists = {norm(d) for d in distributions.get(module, [])}
        if not dists:
            problems.append(f"{module} (imported in {where}) is not installed at all")
        elif not dists & declared:
            problems.append(f"{module} (imported in {where}) comes from {sorted(dists)}, not in [project.dependencies]")
    assert not problems, "\n".join(problems)


def test_the_import_scan_sees_the_known_dependencies():
    """Guard the guard: the scan must find the libraries the bot is built on."""
    found = runtime_imports()
    assert {"rapidfuzz", "sqlite_utils", "apscheduler", "telegram", "slack_bolt", "yaml", "numpy"} <= set(found)


WALL_CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
              ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime")}


def wall_clock_reads(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else None
            if (name, node.func.attr) in WALL_CLOCK:
                lines.append(node.lineno)
    return lines


def test_only_the_clock_module_reads_the_wall_time():
    offenders = []
    for folder in RUNTIME:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "bot" / "clock.py":
                continue
            offenders += [f"{path.relative_to(ROOT)}:{n}" for n in wall_clock_reads(path.read_text(encoding="utf-8"))]
    assert not offenders, f"read the injected clock instead: {offenders}"


def test_the_wall_clock_scan_finds_reads():
    assert wall_clock_reads("import datetime\nx = datetime.datetime.now()\ny = time.time()\n") == [2, 3]
    assert wall_clock_reads("now = ctx.now()\nclock()\n") == []
