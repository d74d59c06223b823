"""A small, bounded mutation check of the code whose mistakes cost most: the job's state transitions
(generation/pipeline.py), the prompt-policy decision (policy/evaluation.py) and the audit chain and its
verifier (audit/chain.py, audit/appending.py, audit/verification.py).

Each mutant is one small change inside a chosen function: a comparison negated or moved by one
(`<` -> `>=`, `<` -> `<=`), `and` <-> `or`, a `not` dropped, True <-> False, an integer + 1, `+` <-> `-`,
a returned value replaced by None, a call statement (a save, an audit record, a dispatch) removed. The
mutant is written into a private copy of the repository (never the working tree), the target's test
files run against it (`pytest -x`; SQLite unless --database-url), and the mutant is killed if they
fail or time out, surviving if they pass. Mutants are drawn at random (seeded) up to a budget per
target, and the run stops when its time is up; what was not run is counted, not hidden.

    nice .venv/bin/python bench/mutation.py                      # all targets, 25 minutes at most
    nice .venv/bin/python bench/mutation.py --target audit-chain --budget 10 --minutes 5
    make mutation                                                # the same as the first line

Prints each survivor (file, line, function, the change) and a summary; --json writes them too.
Why not mutmut: it mutates every function of the modules it is given and bounds a run only per
mutant, not in total; a seeded sample of chosen functions, each mutant run as a fresh pytest process
with the project's own settings and test database, fits a check of 25 minutes.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MARKER = ".assay-mutation-copy"


@dataclass(frozen=True)
class Target:
    name: str
    path: str  # relative to the repository
    functions: tuple[str, ...]  # qualified names: `function` or `Class.method`
    tests: tuple[str, ...]


TARGETS = (
    Target(
        "pipeline",
        "generation/pipeline.py",
        (
            "_claim", "_terminal", "job_moderate", "job_claim_for_generation", "job_generate",
            "job_finish", "_record_output_decisions", "_end", "job_fail", "job_reject",
            "job_finish_cancelled", "job_cancel", "job_review_prompt", "job_review_output", "job_reinstate",
        ),
        ("tests/generation/test_pipeline.py", "tests/generation/test_quarantine_held.py",
         "tests/generation/test_mutants_pipeline.py"),
    ),
    Target(
        "policy-decision",
        "policy/evaluation.py",
        ("category_scores", "_combined", "_minors_rule", "decide"),
        ("tests/policy/test_rules_moderator.py", "tests/policy/test_language.py",
         "tests/policy/test_mutants_evaluation.py"),
    ),
    Target(
        "audit-chain",
        "audit/chain.py",
        ("event_hash", "compose", "chain_key"),
        ("tests/audit/test_verification.py", "tests/audit/test_record_event.py"),
    ),
    Target(
        "audit-append",
        "audit/appending.py",
        ("append", "_place", "_row_values", "lock_chain_head"),
        ("tests/audit/test_record_event.py", "tests/audit/test_immutability.py",
         "tests/audit/test_verification.py"),
    ),
    Target(
        "audit-verify",
        "audit/verification.py",
        ("ChainVerifier.feed", "ChainVerifier.reject", "ChainVerifier.finish", "ChainVerifier._check_end",
         "ChainVerifier._watch_gap", "_malformation", "_is_seq", "verify_chain"),
        ("tests/audit/test_verification.py", "tests/audit/test_verify_command.py",
         "tests/audit/test_mutants_verification.py"),
    ),
)  # fmt: skip

_FLIPPED = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE,
    ast.LtE: ast.Gt, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}  # fmt: skip
_BOUNDARY = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}
_ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add}
_QUIET_CALLS = {"logger", "logging", "log"}  # removing a log line changes nothing the tests may see


@dataclass(frozen=True)
class Mutant:
    target: str
    path: str
    function: str
    line: int
    column: int
    node: int  # the node's index in ast.walk(module): the same node in a fresh parse
    kind: str
    operand: int = 0  # which operator of a chained comparison
    change: str = ""


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item


def _is_quiet_call(node: ast.Expr) -> bool:
    func = node.value.func if isinstance(node.value, ast.Call) else None
    while isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and func.id in _QUIET_CALLS


def _kinds(node: ast.AST) -> Iterator[tuple[str, int, str]]:
    """(kind, operand, description) of each mutation this node allows."""
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            if type(op) in _FLIPPED:
                yield "flip", index, f"{type(op).__name__} -> {_FLIPPED[type(op)].__name__}"
            if type(op) in _BOUNDARY:
                yield "boundary", index, f"{type(op).__name__} -> {_BOUNDARY[type(op)].__name__}"
    elif isinstance(node, ast.BoolOp):
        yield "boolop", 0, "and -> or" if isinstance(node.op, ast.And) else "or -> and"
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "drop-not", 0, "not x -> x"
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield "bool", 0, f"{node.value} -> {not node.value}"
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        yield "int", 0, f"{node.value} -> {node.value + 1}"
    elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        yield "arith", 0, f"{type(node.op).__name__} -> {_ARITHMETIC[type(node.op)].__name__}"
    elif isinstance(node, ast.Return) and node.value is not None:
        if not (isinstance(node.value, ast.Constant) and node.value.value is None):
            yield "return-none", 0, "return x -> return None"
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and not _is_quiet_call(node):
        yield "drop-call", 0, "call statement removed"


def mutants_of(target: Target, source: str) -> list[Mutant]:
    tree = ast.parse(source)
    index = {id(node): position for position, node in enumerate(ast.walk(tree))}
    wanted = set(target.functions)
    found: list[Mutant] = []
    seen: set[str] = set()
    for name, function in _functions(tree):
        if name not in wanted:
            continue
        seen.add(name)
        body = function.body[1:] if ast.get_docstring(function) else function.body
        # A message cut to length (`detail[:500]`) is not behaviour worth a mutant.
        in_slices = {
            id(n) for node in ast.walk(function) if isinstance(node, ast.Slice) for n in ast.walk(node)
        }
        for statement in body:
            for node in ast.walk(statement):
                for kind, operand, change in _kinds(node):
                    if kind == "int" and id(node) in in_slices:
                        continue
                    found.append(
                        Mutant(target.name, target.path, name, getattr(node, "lineno", function.lineno),
                               getattr(node, "col_offset", 0), index[id(node)], kind, operand, change)
                    )  # fmt: skip
    missing = wanted - seen
    if missing:
        raise SystemExit(f"{target.path} has no function {', '.join(sorted(missing))}: update TARGETS")
    return found


def apply(source: str, mutant: Mutant) -> str:
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    parents = {id(child): (parent, field) for parent in nodes for field, child in _children(parent)}
    node = nodes[mutant.node]
    if mutant.kind == "flip":
        node.ops[mutant.operand] = _FLIPPED[type(node.ops[mutant.operand])]()
    elif mutant.kind == "boundary":
        node.ops[mutant.operand] = _BOUNDARY[type(node.ops[mutant.operand])]()
    elif mutant.kind == "boolop":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif mutant.kind == "bool":
        node.value = not node.value
    elif mutant.kind == "int":
        node.value += 1
    elif mutant.kind == "arith":
        node.op = _ARITHMETIC[type(node.op)]()
    elif mutant.kind == "return-none":
        node.value = ast.Constant(None)
    elif mutant.kind == "drop-not":
        _replace(parents, node, node.operand)
    elif mutant.kind == "drop-call":
        _replace(parents, node, ast.Pass())
    return ast.unparse(ast.fix_missing_locations(tree))


def _children(parent: ast.AST) -> Iterator[tuple[tuple[str, int | None], ast.AST]]:
    for field, value in ast.iter_fields(parent):
        if isinstance(value, ast.AST):
            yield (field, None), value
        elif isinstance(value, list):
            for position, item in enumerate(value):
                if isinstance(item, ast.AST):
                    yield (field, position), item


def _replace(parents: dict, node: ast.AST, new: ast.AST) -> None:
    parent, (field, position) = parents[id(node)]
    if position is None:
        setattr(parent, field, new)
    else:
        getattr(parent, field)[position] = new


def _tests(target_name: str) -> tuple[str, ...]:
    return next(target.tests for target in TARGETS if target.name == target_name)


def run_tests(workdir: Path, tests: tuple[str, ...], timeout: float, database_url: str) -> tuple[str, float]:
    """'passed', 'failed' or 'timeout', and the seconds it took."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        PYTHONPATH=f"{workdir}{os.pathsep}{workdir / 'platform'}",  # the copy, ahead of the editable install
        PYTHONDONTWRITEBYTECODE="1",  # a mutant of the same size in the same second must not reuse a .pyc
        OMP_NUM_THREADS="1",
        HF_HUB_OFFLINE="1",
    )
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 - pytest on our own test files
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
        cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "timeout", time.monotonic() - started
    except BaseException:  # stopped (Ctrl-C, SIGTERM): the test run goes with it
        os.killpg(process.pid, signal.SIGKILL)
        raise
    return ("passed" if code == 0 else "failed"), time.monotonic() - started


def private_copy(workdir: Path) -> None:
    """The repository's files (no virtual environment, git data or local state) in `workdir`."""
    if workdir.resolve() == REPO:
        raise SystemExit("--workdir must not be the repository itself: mutants are written there")
    # The copy and the final clean-up empty the folder: only one this script made is reused.
    if workdir.exists() and any(workdir.iterdir()) and not (workdir / MARKER).exists():
        raise SystemExit(f"--workdir {workdir} exists and is not a copy this script made: name another")
    shutil.rmtree(workdir, ignore_errors=True)
    shutil.copytree(REPO, workdir, ignore=shutil.ignore_patterns(".venv", ".git", "var", "__pycache__"))
    (workdir / MARKER).touch()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/assay-mutation"))  # noqa: S108 - a copy
    parser.add_argument("--target", action="append", choices=[t.name for t in TARGETS])
    parser.add_argument("--budget", type=int, default=12, help="mutants per target at most")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per mutant's test run")
    parser.add_argument("--minutes", type=float, default=25, help="stop starting mutants after this")
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--database-url",
        default="",
        help="the tests' DATABASE_URL (default SQLite; PostgreSQL-only code "
        "paths, such as the audit append's single statement, are reached only with postgres://...)",
    )
    args = parser.parse_args()

    deadline = time.monotonic() + args.minutes * 60
    # SIGTERM stops the run as Ctrl-C does: the mutated file is restored on the way out.
    signal.signal(signal.SIGTERM, _interrupt)
    private_copy(args.workdir)
    targets = [t for t in TARGETS if not args.target or t.name in args.target]
    results: list[dict] = []
    unrun = 0
    queues: list[list[Mutant]] = []
    originals: dict[str, str] = {}
    for target in targets:
        path = args.workdir / target.path
        originals[target.name] = original = path.read_text()
        every = mutants_of(target, original)
        chosen = random.Random(args.seed).sample(  # noqa: S311 - a reproducible draw, not a secret
            every, min(args.budget, len(every))
        )
        # The unparsed source, unmutated, must pass: otherwise every mutant would look killed.
        path.write_text(ast.unparse(ast.parse(original)))
        baseline, seconds = run_tests(args.workdir, target.tests, args.timeout, args.database_url)
        path.write_text(original)
        drawn = f"{len(every)} mutants, {len(chosen)} drawn"
        print(f"== {target.name}: {drawn}; baseline {baseline} ({seconds:.0f} s)")
        if baseline == "passed":
            queues.append(chosen)
        else:
            print(f"   not run: {' '.join(target.tests)} fail without a mutant")
            unrun += len(chosen)
    # Round robin over the targets, so that a run cut short by its time still covers each of them.
    order = [queue[i] for i in range(max(map(len, queues), default=0)) for queue in queues if i < len(queue)]
    for mutant in order:
        if time.monotonic() > deadline:
            unrun += 1
            continue
        path = args.workdir / mutant.path
        try:
            path.write_text(apply(originals[mutant.target], mutant))
            outcome, seconds = run_tests(args.workdir, _tests(mutant.target), args.timeout, args.database_url)
        finally:
            path.write_text(originals[mutant.target])
        status = "survived" if outcome == "passed" else f"killed ({outcome})"
        where = f"{mutant.path}:{mutant.line}:{mutant.column} {mutant.function}"
        print(f"   {status:17} {where}: {mutant.change} [{seconds:.0f} s]")
        results.append({**asdict(mutant), "status": status, "seconds": round(seconds, 1)})
    survivors = [r for r in results if r["status"] == "survived"]
    killed = len(results) - len(survivors)
    print(f"\n{len(results)} mutants run: {killed} killed, {len(survivors)} survived; {unrun} not run (time)")
    for r in survivors:
        print(f"SURVIVED {r['path']}:{r['line']}:{r['column']} {r['function']}: {r['change']}")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "not_run": unrun}, indent=2))
    shutil.rmtree(args.workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
