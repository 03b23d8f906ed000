#!/usr/bin/env python3
"""Build the schema corpus: real apps' own Alembic histories, run on PostgreSQL, MariaDB, SQLite.

Run through corpus/build.sh, which creates the venv this needs. Every (app, database) target is
rebuilt from an empty database on each run:

  1. reset:   drop and recreate the database (SQLite: delete the file);
  2. migrate: run the application's own Alembic history from empty to head;
  3. seed:    insert a few rows through the application's own API;
  4. count:   count the base tables (alembic_version included).

Steps 2 and 3 run in child processes (`build.py _migrate|_seed APP DB URL`) so that every target
starts from a clean interpreter (no engine, logging or event-listener state carried over).
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import time

APPS = ("optuna", "mlflow")
DBS = ("postgres", "mariadb", "sqlite")

CORPUS_DIR = os.path.abspath(os.environ.get("CORPUS_DIR", "/tmp/migrate-corpus"))
PG_HOST = os.environ.get("CORPUS_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("CORPUS_PG_PORT", "5432"))
PG_USER = os.environ.get("CORPUS_PG_USER", "postgres")
MY_HOST = os.environ.get("CORPUS_MY_HOST", "127.0.0.1")
MY_PORT = int(os.environ.get("CORPUS_MY_PORT", "3306"))
MY_USER = os.environ.get("CORPUS_MY_USER", "root")

# Keep MLflow from trying to phone home (there is no network here anyway, but it costs time).
CHILD_ENV = dict(os.environ, MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true",
                 PYTHONUNBUFFERED="1")


class StepError(Exception):
    pass


def log(msg):
    print(f"[corpus] {msg}", flush=True)


def db_name(app):
    return f"corpus_{app}"


def sqlite_path(app):
    return os.path.join(CORPUS_DIR, f"{app}.sqlite3")


def sa_url(app, db):
    """URL in SQLAlchemy form (explicit drivers: SQLAlchemy 2.1 maps postgresql:// to psycopg 3)."""
    if db == "postgres":
        return f"postgresql+psycopg2://{PG_USER}@{PG_HOST}:{PG_PORT}/{db_name(app)}"
    if db == "mariadb":
        return f"mysql+pymysql://{MY_USER}@{MY_HOST}:{MY_PORT}/{db_name(app)}"
    return f"sqlite:///{sqlite_path(app)}"


def plain_url(app, db):
    """URL in the form the `migrate` tool takes."""
    if db == "postgres":
        return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{db_name(app)}"
    if db == "mariadb":
        return f"mysql://{MY_USER}@{MY_HOST}:{MY_PORT}/{db_name(app)}"
    return f"sqlite://{sqlite_path(app)}"


# --------------------------------------------------------------------------- reset / count


def pg_connect(dbname):
    import psycopg2

    return psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname,
                            connect_timeout=10)


def my_connect(dbname=None):
    import pymysql

    return pymysql.connect(host=MY_HOST, port=MY_PORT, user=MY_USER, password="",
                           database=dbname, connect_timeout=10, autocommit=True)


def reset(app, db):
    name = db_name(app)
    if db == "postgres":
        conn = pg_connect("postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            # WITH (FORCE) (PG >= 13) also ends sessions left over from an interrupted run.
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
        conn.close()
    elif db == "mariadb":
        conn = my_connect()
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            # Explicit charset/collation: server defaults differ between MariaDB releases.
            cur.execute(f"CREATE DATABASE `{name}` "
                        "CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
        conn.close()
    else:
        path = sqlite_path(app)
        for p in (path, path + "-journal", path + "-wal", path + "-shm"):
            if os.path.exists(p):
                os.remove(p)
        sqlite3.connect(path).close()  # an empty database file


def count_tables(app, db):
    name = db_name(app)
    if db == "postgres":
        conn = pg_connect(name)
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
            n = cur.fetchone()[0]
            cur.execute("SELECT version_num FROM alembic_version")
            rev = ",".join(sorted(r[0] for r in cur.fetchall()))
        conn.close()
    elif db == "mariadb":
        conn = my_connect(name)
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_schema = %s AND table_type = 'BASE TABLE'", (name,))
            n = cur.fetchone()[0]
            cur.execute("SELECT version_num FROM alembic_version")
            rev = ",".join(sorted(r[0] for r in cur.fetchall()))
        conn.close()
    else:
        conn = sqlite3.connect(sqlite_path(app))
        n = conn.execute("SELECT count(*) FROM sqlite_master "
                         "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchone()[0]
        rev = ",".join(sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")))
        conn.close()
    return n, rev


# --------------------------------------------------------------------------- child steps


def _mariadb_drop_column_shim():
    """Make optuna's v2.4.0.a migration run on MariaDB.

    v2.4.0.a drops `trial_values.step` while the composite UNIQUE (trial_id, step) still exists.
    MySQL silently shrinks that key to UNIQUE (trial_id) (the migration then drops it, see the
    comment in v2.4.0.a.py); MariaDB >= 10.2.8 refuses with error 1072 "Key column 'step' doesn't
    exist in table". We rewrite exactly that one statement into MariaDB's documented form,
    `ALTER TABLE trial_values DROP INDEX <key>, DROP COLUMN step`, which ends in the same schema
    that MySQL, PostgreSQL and SQLite end in (no unique key over trial_id alone).
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    target = re.compile(r"\s*ALTER TABLE `?trial_values`? DROP COLUMN `?step`?\s*", re.I)

    def rewrite(conn, cursor, statement, parameters, context, executemany):
        if conn.dialect.name != "mysql" or not getattr(conn.dialect, "is_mariadb", False):
            return statement, parameters
        if not target.fullmatch(statement):
            return statement, parameters
        cursor.execute(
            "SELECT index_name FROM information_schema.statistics "
            "WHERE table_schema = DATABASE() AND table_name = 'trial_values' AND non_unique = 0 "
            "GROUP BY index_name HAVING SUM(column_name = 'step') > 0 AND COUNT(*) > 1")
        keys = [r[0] for r in cursor.fetchall()]
        if not keys:
            return statement, parameters
        new = ("ALTER TABLE trial_values "
               + "".join(f"DROP INDEX `{k}`, " for k in keys) + "DROP COLUMN step")
        print(f"[corpus] MariaDB shim: rewriting {statement.strip()!r} -> {new!r}",
              file=sys.stderr, flush=True)
        return new, parameters

    event.listen(Engine, "before_cursor_execute", rewrite, retval=True)


def child_migrate(app, db, url):
    if app == "optuna":
        # Exactly the Alembic config optuna builds itself (_VersionManager._create_alembic_config),
        # run from the empty database: no metadata.create_all, no stamping.
        import optuna
        from alembic import command
        from alembic.config import Config

        rdb = os.path.join(os.path.dirname(optuna.storages.__file__), "_rdb")
        cfg = Config(os.path.join(rdb, "alembic.ini"))
        cfg.set_main_option("script_location", os.path.join(rdb, "alembic"))
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        if db == "mariadb":
            _mariadb_drop_column_shim()
        command.upgrade(cfg, "head")
    elif app == "mlflow":
        # MLflow's own command. On an empty database it creates the frozen pre-Alembic base
        # schema (mlflow/store/db/initial_models.py) and then runs the whole Alembic history
        # in mlflow/store/db_migrations/ to head -- the path every MLflow deployment takes.
        mlflow_bin = os.path.join(os.path.dirname(sys.executable), "mlflow")
        subprocess.run([mlflow_bin, "db", "upgrade", url], check=True, env=CHILD_ENV)
    else:
        raise SystemExit(f"unknown app {app}")


def child_seed(app, db, url):
    if app == "optuna":
        import optuna
        from optuna.storages import RDBStorage

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        # skip_table_creation: never let optuna's metadata.create_all touch the migrated schema.
        storage = RDBStorage(url, skip_table_creation=True)
        study = optuna.create_study(storage=storage, study_name="corpus",
                                    load_if_exists=True, direction="minimize")
        study.set_user_attr("source", "migrate corpus")

        def objective(trial):
            x = trial.suggest_float("x", -10, 10)
            n = trial.suggest_int("n", 1, 4)
            kind = trial.suggest_categorical("kind", ["a", "b"])
            trial.report(x * x, step=0)
            trial.set_user_attr("kind", kind)
            return (x - 2) ** 2 + n

        study.optimize(objective, n_trials=3)
        print(f"optuna: study 'corpus' with {len(study.trials)} trials")
    elif app == "mlflow":
        import mlflow

        mlflow.set_tracking_uri(url)
        name = "corpus"
        exp = mlflow.get_experiment_by_name(name)
        exp_id = exp.experiment_id if exp else mlflow.create_experiment(
            name, artifact_location="file://" + os.path.join(CORPUS_DIR, "mlflow-artifacts"))
        with mlflow.start_run(experiment_id=exp_id, run_name="seed") as run:
            mlflow.log_param("alpha", "0.5")
            for step in range(3):
                mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
            mlflow.set_tag("source", "migrate corpus")
        print(f"mlflow: run {run.info.run_id} in experiment {exp_id}")
    else:
        raise SystemExit(f"unknown app {app}")


# --------------------------------------------------------------------------- driver


def run_child(step, app, db):
    cmd = [sys.executable, os.path.abspath(__file__), f"_{step}", app, db, sa_url(app, db)]
    log_path = os.path.join(CORPUS_DIR, "logs", f"{app}-{db}-{step}.log")
    with open(log_path, "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=CORPUS_DIR,
                              env=CHILD_ENV)
    if proc.returncode != 0:
        with open(log_path) as f:
            tail = f.read().splitlines()[-25:]
        raise StepError(f"{step} failed (exit {proc.returncode}); full log: {log_path}\n"
                        + "\n".join("    | " + line for line in tail))
    with open(log_path) as f:
        for line in f:
            if line.startswith("[corpus]") or line.startswith(app + ":"):
                log("  " + line.rstrip())


def build(app, db):
    t0 = time.monotonic()
    step = "reset"
    try:
        log(f"{app} on {db}: reset {plain_url(app, db)}")
        reset(app, db)
        step = "migrate"
        log(f"{app} on {db}: migrate (application's Alembic history, empty -> head)")
        run_child("migrate", app, db)
        n_migrated, rev = count_tables(app, db)
        step = "seed"
        log(f"{app} on {db}: seed rows through the application")
        run_child("seed", app, db)
        step = "count"
        n_after, rev_after = count_tables(app, db)
        if (n_after, rev_after) != (n_migrated, rev):
            raise StepError(f"seeding changed the schema: {n_migrated} tables at {rev} after "
                            f"migrating, {n_after} at {rev_after} after seeding")
    except StepError as e:
        raise StepError(f"{app} on {db}: {e}") from None
    except Exception as e:  # reset/count talk to the server directly
        raise StepError(f"{app} on {db}: {step} failed: {type(e).__name__}: {e}") from None
    return {"app": app, "db": db, "sqlalchemy_url": sa_url(app, db), "url": plain_url(app, db),
            "tables": n_after, "alembic_head": rev, "seconds": round(time.monotonic() - t0, 1)}


def driver(apps, dbs):
    os.makedirs(os.path.join(CORPUS_DIR, "logs"), exist_ok=True)
    results, failures = [], []
    for app in apps:
        for db in dbs:
            try:
                results.append(build(app, db))
            except StepError as e:
                failures.append(str(e))
                print(f"\n[corpus] FAILED: {e}\n", file=sys.stderr, flush=True)
    manifest = os.path.join(CORPUS_DIR, "corpus.json")
    with open(manifest, "w") as f:
        json.dump({"built": results, "failed": failures}, f, indent=2)
    print()
    print(f"{'app':<8} {'db':<9} {'tables':>6}  {'alembic head':<14} url / sqlalchemy url")
    for r in results:
        print(f"{r['app']:<8} {r['db']:<9} {r['tables']:>6}  {r['alembic_head']:<14} {r['url']}")
        print(f"{'':<8} {'':<9} {'':>6}  {'':<14} {r['sqlalchemy_url']}")
    print(f"\nmanifest: {manifest}")
    if failures:
        print(f"\n[corpus] {len(failures)} target(s) FAILED:", file=sys.stderr)
        for f_ in failures:
            print("  - " + f_.splitlines()[0], file=sys.stderr)
        return 1
    return 0


def main(argv):
    if len(argv) == 4 and argv[0] in ("_migrate", "_seed"):
        app, db, url = argv[1:]
        (child_migrate if argv[0] == "_migrate" else child_seed)(app, db, url)
        return 0
    apps = os.environ.get("CORPUS_APPS", " ".join(APPS)).split()
    dbs = os.environ.get("CORPUS_DBS", " ".join(DBS)).split()
    bad = [a for a in apps if a not in APPS] + [d for d in dbs if d not in DBS]
    if bad or argv:
        print(f"usage: build.py  (env CORPUS_APPS from {APPS}, CORPUS_DBS from {DBS}); "
              f"unknown: {bad or argv}", file=sys.stderr)
        return 2
    return driver(apps, dbs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
