"""Record what real Alembic does on random revision graphs, for `tests/tests/alembic_oracle.rs`.

Each case is a random graph (branches, merges, branch labels, depends_on, revision ids that
share prefixes) and a random sequence of `upgrade`, `downgrade` and `stamp` commands run by
Alembic's own `alembic.command` on a fresh SQLite database. After each command the case keeps
whether Alembic succeeded, its message when it did not, and the rows of its version table.
The Rust test replays every command through migrate and compares.

    pip install -r oracle/requirements.txt
    python3 oracle/record.py --cases 250 --seed 1 > tests/data/alembic_oracle.jsonl
"""

import argparse
import contextlib
import io
import json
import os
import random
import sqlite3
import sys
import tempfile

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

ENV_PY = """
from alembic import context
from sqlalchemy import create_engine

engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
"""

SCRIPT = """
revision = {revision!r}
down_revision = {down!r}
branch_labels = {labels!r}
depends_on = {depends_on!r}


def upgrade():
    pass


def downgrade():
    pass
"""


def random_graph(rng):
    """Nodes in creation order: each names its down revisions among the earlier ones."""
    size = rng.randint(2, 11)
    stems = rng.sample(["a", "ab", "b", "c1", "c2", "d"], 3)
    ids = set()
    nodes = []
    for i in range(size):
        while True:
            rev = rng.choice(stems) + "".join(rng.choice("0123456789abcdef") for _ in range(rng.randint(2, 6)))
            if rev not in ids:
                ids.add(rev)
                break
        earlier = [n["revision"] for n in nodes]
        roll = rng.random()
        if i == 0 or roll < 0.1:
            down = []
        elif roll < 0.25 and len(earlier) >= 2:
            down = rng.sample(earlier, 2)
        else:
            # Mostly the latest nodes, so chains are long and branches appear.
            down = [rng.choice(earlier[-3:])]
        nodes.append({"revision": rev, "down": down, "depends_on": [], "labels": []})
    # Some dependencies on a node that is not already an ancestor.
    for node in nodes[1:]:
        if rng.random() < 0.2:
            index = nodes.index(node)
            candidate = rng.choice(nodes[:index])["revision"]
            if candidate not in ancestors(nodes, node["revision"]):
                node["depends_on"] = [candidate]
    # Labels on the first revision of a branch: a base, or a child of a branch point.
    for node in nodes:
        starts_branch = not node["down"] or any(
            len(children(nodes, parent)) > 1 for parent in node["down"]
        )
        if starts_branch and rng.random() < 0.35:
            node["labels"] = ["l" + node["revision"][:3]]
    return nodes


def ancestors(nodes, rev):
    by_rev = {n["revision"]: n for n in nodes}
    seen = set()
    stack = list(by_rev[rev]["down"]) + list(by_rev[rev]["depends_on"])
    while stack:
        r = stack.pop()
        if r not in seen:
            seen.add(r)
            stack.extend(by_rev[r]["down"] + by_rev[r]["depends_on"])
    return seen


def children(nodes, rev):
    return [n["revision"] for n in nodes if rev in n["down"]]


def random_target(rng, nodes, verb):
    revs = [n["revision"] for n in nodes]
    labels = [l for n in nodes for l in n["labels"]]
    rev = rng.choice(revs)
    prefix = rev[: rng.randint(1, len(rev) - 1)]
    n = rng.randint(1, 3)
    choices = {
        "upgrade": ["heads", "head", f"+{n}", rev, rev, prefix, f"{rev}+{n}", f"{prefix}+1",
                    f"{rev}@head", "zz99"],
        "downgrade": ["base", f"-{n}", rev, rev, prefix, f"{rev}-{n}", f"{rev}+1", "head",
                      f"{rev}@base", "zz99"],
        "stamp": [rev, "heads", "base", "head", prefix, f"{rev}@head"],
    }[verb]
    if labels:
        label = rng.choice(labels)
        choices += {
            "upgrade": [f"{label}@head", f"{label}@+1", f"{label}@+2", f"{label}@{rev}", label,
                        f"{label}@heads", f"{label}@{rev}+1"],
            "downgrade": [f"{label}@base", f"{label}@-1", f"{label}@-2", f"{label}@{rev}", label,
                          f"{label}@head", f"{label}@{rev}-1"],
            "stamp": [f"{label}@head", f"{label}@base", f"{label}@{rev}"],
        }[verb]
    return rng.choice(choices)


def version_rows(path):
    with contextlib.closing(sqlite3.connect(path)) as db:
        try:
            rows = db.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.OperationalError:
            return []
    return sorted(r[0] for r in rows)


def record(rng, workdir):
    nodes = random_graph(rng)
    versions = os.path.join(workdir, "versions")
    os.makedirs(versions)
    with open(os.path.join(workdir, "env.py"), "w") as f:
        f.write(ENV_PY)
    for node in nodes:
        down = node["down"]
        down = None if not down else (down[0] if len(down) == 1 else tuple(down))
        script = SCRIPT.format(
            revision=node["revision"],
            down=down,
            labels=tuple(node["labels"]) or None,
            depends_on=tuple(node["depends_on"]) or None,
        )
        with open(os.path.join(versions, node["revision"] + ".py"), "w") as f:
            f.write(script)
    database = os.path.join(workdir, "db.sqlite")
    config = Config()
    config.set_main_option("script_location", workdir)
    config.set_main_option("sqlalchemy.url", "sqlite:///" + database)
    try:
        ScriptDirectory.from_config(config).revision_map.heads
    except Exception as error:  # a graph Alembic itself refuses: not a case
        return None
    commands = []
    for _ in range(rng.randint(6, 16)):
        verb = rng.choice(["upgrade", "upgrade", "downgrade", "downgrade", "stamp"])
        target = random_target(rng, nodes, verb)
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                getattr(command, verb)(config, target)
            ok, message = True, None
        except Exception as error:
            ok, message = False, f"{type(error).__name__}: {error}"
        commands.append(
            {"command": verb, "target": target, "ok": ok, "error": message, "rows": version_rows(database)}
        )
    return {"graph": nodes, "commands": commands}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    written = 0
    while written < args.cases:
        with tempfile.TemporaryDirectory() as workdir:
            case = record(rng, workdir)
        if case is not None:
            print(json.dumps(case, separators=(",", ":")))
            written += 1


if __name__ == "__main__":
    sys.exit(main())
