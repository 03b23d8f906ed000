#!/usr/bin/env bash
# Adopt every database that build.sh made, as a new user would: a fresh project, `cargo
# migrate init`, `cargo migrate adopt` (the baseline and the models written from the
# database, the baseline checked on an empty database, the database stamped), then `check`
# (must exit 0: no drift, the models match the baseline). The baseline is then applied to an
# empty database of the same kind, where `check` must exit 0 too and the application itself
# must run (build.py's seed: it checks its Alembic revision and writes a study or a run),
# and the two catalogs are compared table by table (`alembic_version` aside). Prints one
# line per app and database.
#
#   corpus/adopt.sh                  (runs build.sh first; CORPUS_SKIP_BUILD=1 to not)
#   CORPUS_APPS=optuna CORPUS_DBS="postgres sqlite" corpus/adopt.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS_DIR="${CORPUS_DIR:-/tmp/migrate-corpus}"
APPS="${CORPUS_APPS:-optuna mlflow}"
DBS="${CORPUS_DBS:-postgres mariadb sqlite}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/migrate-target}"
WORK="$CORPUS_DIR/adopt"
PG="postgres://postgres@127.0.0.1:5432"
MY="mysql://root@127.0.0.1:3306"

# Adopting stamps the corpus databases: build them afresh first.
[ -n "${CORPUS_SKIP_BUILD:-}" ] || "$ROOT/corpus/build.sh" >/dev/null
cargo build --quiet --manifest-path "$ROOT/Cargo.toml" -p cargo-migrate
export PATH="$CARGO_TARGET_DIR/debug:$PATH"
mkdir -p "$WORK"

# The URL of the database build.sh made for app $1 on $2, and of a scratch one.
source_url() {
  case "$2" in
    postgres) echo "$PG/corpus_$1" ;;
    mariadb) echo "$MY/corpus_$1" ;;
    sqlite) echo "sqlite://$CORPUS_DIR/$1.sqlite3" ;;
  esac
}
scratch_url() {
  case "$2" in
    postgres)
      psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS adopt_$1" -c "CREATE DATABASE adopt_$1" >/dev/null
      echo "$PG/adopt_$1" ;;
    mariadb)
      mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS adopt_$1; CREATE DATABASE adopt_$1" >/dev/null
      echo "$MY/adopt_$1" ;;
    sqlite)
      rm -f "$WORK/adopt_$1.sqlite3"
      echo "sqlite://$WORK/adopt_$1.sqlite3" ;;
  esac
}

# The SQLAlchemy URL of a database migrate calls $1 (what the application connects with).
sqlalchemy_url() {
  case "$1" in
    postgres://*) echo "postgresql+psycopg2://${1#postgres://}" ;;
    mysql://*) echo "mysql+pymysql://${1#mysql://}" ;;
    sqlite://*) echo "sqlite:///${1#sqlite://}" ;;
  esac
}

# The catalog of the database at $2 ($1: its kind) as text, one object per line, sorted.
catalog() {
  case "$1" in
    postgres) pg_dump -s -h 127.0.0.1 -U postgres -T alembic_version "${2##*/}" \
      | grep -vE '^(--|\\|$|SET |SELECT pg_catalog)' | sort ;;
    mariadb) for t in $(mysql -N -uroot -h127.0.0.1 "${2##*/}" -e "SHOW TABLES" | grep -v '^alembic_version$' | sort); do
        mysql -N -uroot -h127.0.0.1 "${2##*/}" -e "SHOW CREATE TABLE \`$t\`" | sed -E 's/ AUTO_INCREMENT=[0-9]+//'
      done | python3 -c '
# One line per column in order, then the keys and constraints sorted: the order in which
# indexes and checks were made does not matter.
import sys
for line in sys.stdin:
    parts = [p.strip().rstrip(",") for p in line.rstrip("\n").split("\\n")]
    columns = [p for p in parts if not p.startswith(("KEY", "UNIQUE KEY", "CONSTRAINT", "PRIMARY KEY"))]
    keys = sorted(p for p in parts if p not in columns)
    print("\n".join(columns[:-1] + keys + columns[-1:]))
' ;;
    sqlite) python3 - "${2#sqlite://}" <<'PY' | sort
# What SQLite means rather than how the text was written: columns, keys, indexes, checks'
# presence; constraint names SQLite never uses are left out.
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in db.execute(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
    "AND name <> 'alembic_version' ORDER BY name")]
for t in tables:
    for c in db.execute("SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", (t,)):
        print(t, "column", *c)
    for i in db.execute("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)", (t,)):
        cols = [r[0] for r in db.execute("SELECT name FROM pragma_index_info(?) ORDER BY seqno", (i[0],))]
        name = i[0] if i[2] == "c" else "(" + i[2] + ")"
        print(t, "index", name, i[1], i[3], cols)
    for k in db.execute("SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", (t,)):
        print(t, "foreign key", *k)
for row in db.execute("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('view', 'trigger') ORDER BY name"):
    print(*row)
PY
    ;;
  esac
}

status=0
for app in $APPS; do
  for db in $DBS; do
    project="$WORK/${app}_$db"
    rm -rf "$project"
    mkdir -p "$project"
    (cd "$project" && cargo init --quiet --lib --name "adopt_${app}_$db" && cargo migrate init --dependency "path=$ROOT" >/dev/null)
    url="$(source_url "$app" "$db")"
    printf 'database_url = "%s"\n' "$url" > "$project/migrate.toml"
    log="$project/adopt.log"
    outcome="ok"
    (
      cd "$project"
      # One command: the baseline and the models from the database, the baseline checked on
      # an empty database of the same kind, the database stamped.
      cargo migrate adopt >"$log" 2>&1
      cargo migrate check >>"$log" 2>&1
    ) || outcome="check on the adopted database failed"
    if [ "$outcome" = ok ]; then
      scratch="$(scratch_url "${app}_$db" "$db")"
      (
        cd "$project"
        cargo migrate -q --database-url "$scratch" upgrade >>"$log" 2>&1
        cargo migrate --database-url "$scratch" check >>"$log" 2>&1
      ) || outcome="the baseline did not apply to an empty database, or check failed there"
      # The application itself on the database migrate made from empty: it checks its
      # Alembic revision (carried by the baseline) and writes a study or a run.
      if [ "$outcome" = ok ] && ! MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true \
          "$CORPUS_DIR/venv/bin/python" "$ROOT/corpus/build.py" _seed "$app" "$db" \
          "$(sqlalchemy_url "$scratch")" >>"$log" 2>&1; then
        outcome="the application does not run on the database the baseline made"
      fi
      if [ "$outcome" = ok ] && ! diff <(catalog "$db" "$url") <(catalog "$db" "$scratch") >"$project/catalog.diff"; then
        outcome="catalogs differ ($(grep -c '^[<>]' "$project/catalog.diff") lines): $project/catalog.diff"
      fi
    fi
    [ "$outcome" = ok ] || status=1
    printf '%-8s %-9s %s\n' "$app" "$db" "$outcome"
    [ "$outcome" = ok ] || tail -n 15 "$log" | sed 's/^/    /'
  done
done
exit $status
