"""Run an Alembic history one revision at a time on an empty database, for `migrate import-alembic`.

Usage: python -c "$(cat record.py)" VERSIONS_DIR, with the database's SQLAlchemy URL in the environment
variable MIGRATE_IMPORT_URL (never on the command line, where a password would show).

The first line written is the history: {"revisions": [{revision, down, branch_labels,
depends_on, message}, ...]} in an order that upgrades (a revision after those it follows and
depends on). A line "base" runs the Python in MIGRATE_IMPORT_BASE on the database first
(`connection` and `sa` in its scope): the tables an application makes before its first
revision. Then, for each line "up REVISION" read, the revision's upgrade() runs in a
transaction of its own with Alembic's Operations noting every operation before it runs, and
one line is written: {"revision", "renamed_columns", "renamed_tables", "statements",
"unwritten" (statements whose values have no SQL literal), "inserts", "python", "error"}. "python" is the source of upgrade() when it reads or writes
rows with Python (op.get_bind(), a Session): that part cannot be carried.
"""

import datetime
import decimal
import inspect
import json
import math
import os
import sys
import traceback
import uuid

import sqlalchemy as sa
from alembic.operations import Operations, ops
from alembic.operations.base import AbstractOperations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

ROW_METHODS = ("get_bind(", "Session(", "session.", ".query(", "get_context(")


def as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return list(value)
    return [value]


def upgrade_order(scripts):
    """The revisions with each after those it follows and depends on."""
    by_id = {s.revision: s for s in scripts}
    after = {s.revision: set(as_list(s.down_revision)) | set(as_list(s.dependencies)) for s in scripts}
    done, order = set(), []
    pending = sorted(by_id)
    while pending:
        ready = [r for r in pending if after[r] <= done]
        if not ready:
            raise SystemExit("the history has a cycle or names a revision it does not have: %s" % pending)
        for r in ready:
            order.append(by_id[r])
            done.add(r)
        pending = [r for r in pending if r not in done]
    return order


def plain(value):
    """A value of a bulk insert as JSON: typed where JSON has no such type."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"unsupported": "non-finite float"}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return {"decimal": str(value)}
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return {"datetime": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"uuid": str(value)}
    return {"unsupported": type(value).__name__}


def statement_text(sqltext, dialect):
    if isinstance(sqltext, str):
        return sqltext
    return str(sqltext.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def note(operation, noted, dialect):
    """What the diff of the catalogs cannot tell: renames, statements, inserted rows."""
    if isinstance(operation, ops.AlterColumnOp) and operation.modify_name:
        noted["renamed_columns"].append(
            {"table": operation.table_name, "from": operation.column_name, "to": operation.modify_name}
        )
    elif isinstance(operation, ops.RenameTableOp):
        noted["renamed_tables"].append({"from": operation.table_name, "to": operation.new_table_name})
    elif isinstance(operation, ops.ExecuteSQLOp):
        try:
            noted["statements"].append(statement_text(operation.sqltext, dialect))
        except Exception:
            # Values SQLAlchemy cannot write as literals (a column without a type).
            noted["unwritten"].append(str(operation.sqltext.compile(dialect=dialect)))
    elif isinstance(operation, ops.BulkInsertOp):
        table = operation.table
        columns = [c.name for c in table.columns] if hasattr(table, "columns") else []
        rows = [[plain(row.get(c)) for c in columns] for row in operation.rows]
        noted["inserts"].append({"table": table.name, "columns": columns, "rows": rows})


def installed(module):
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def with_driver(url):
    """A URL without a driver names the one installed (SQLAlchemy's default may be absent)."""
    for plain, drivers in (("postgresql://", ("psycopg2", "psycopg", "pg8000")),
                           ("mysql://", ("pymysql", "MySQLdb", "mysql.connector"))):
        if url.startswith(plain):
            names = {"MySQLdb": "mysqldb", "mysql.connector": "mysqlconnector"}
            for driver in drivers:
                if installed(driver):
                    return plain[:-3] + "+" + names.get(driver, driver) + url[len(plain) - 3:]
    return url


def empty(revision):
    return {"revision": revision, "renamed_columns": [], "renamed_tables": [], "statements": [],
            "unwritten": [], "inserts": [], "python": None, "error": None}


def main():
    # The answers go to the real standard output; what the history prints goes to stderr.
    protocol = sys.stdout
    sys.stdout = sys.stderr

    def say(document):
        protocol.write(json.dumps(document) + "\n")
        protocol.flush()

    versions = os.path.abspath(sys.argv[1])
    script = ScriptDirectory(os.path.dirname(versions), version_locations=[versions])
    order = upgrade_order(list(script.walk_revisions("base", "heads")))
    say({"revisions": [
        {
            "revision": s.revision,
            "down": as_list(s.down_revision),
            "branch_labels": sorted(as_list(s.branch_labels)),
            "depends_on": as_list(s.dependencies),
            "message": s.doc or "",
        }
        for s in order
    ]})
    by_id = {s.revision: s for s in order}
    engine = sa.create_engine(with_driver(os.environ["MIGRATE_IMPORT_URL"]))
    noted = None
    original = AbstractOperations.invoke

    def invoke(self, operation):
        note(operation, noted, self.migration_context.dialect)
        return original(self, operation)

    AbstractOperations.invoke = invoke
    with engine.connect() as connection:
        # One context for the whole history, as Alembic runs it: what it remembers across
        # revisions (the PostgreSQL enum types it made) stays known.
        context = MigrationContext.configure(connection)
        for line in sys.stdin:
            command, _, revision = line.strip().partition(" ")
            if command == "base":
                noted = {"revision": "base", "renamed_columns": [], "renamed_tables": [],
                         "statements": [], "unwritten": [], "inserts": [], "python": None,
                     "error": None}
                try:
                    with connection.begin():
                        exec(os.environ.get("MIGRATE_IMPORT_BASE", ""),
                             {"connection": connection, "sa": sa})
                except Exception:
                    noted["error"] = traceback.format_exc()
                say(noted)
                continue
            if command != "up" or revision not in by_id:
                noted = empty(revision)
                noted["error"] = "unknown command: %s" % line.strip()
                say(noted)
                continue
            module = by_id[revision].module
            noted = empty(revision)
            source = inspect.getsource(module.upgrade)
            if any(method in source for method in ROW_METHODS):
                noted["python"] = source
            try:
                with connection.begin():
                    with Operations.context(context):
                        module.upgrade()
            except Exception:
                noted["error"] = traceback.format_exc()
            say(noted)


if __name__ == "__main__":
    main()
