# Shared by adopt.sh and import.sh: the corpus's databases and scratch databases by URL, and
# a database's catalog as text for comparing two (the version tables of Alembic and migrate
# aside). Sourced after ROOT, CORPUS_DIR and WORK are
# set.

PG="postgres://postgres@127.0.0.1:5432"
MY="mysql://root@127.0.0.1:3306"
APPS="${CORPUS_APPS:-optuna mlflow}"
DBS="${CORPUS_DBS:-postgres mariadb sqlite}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/migrate-target}"

# Build the corpus's databases afresh (unless CORPUS_SKIP_BUILD is set) and `cargo migrate`,
# put it on the PATH, and make the work folder.
prepare() {
  [ -n "${CORPUS_SKIP_BUILD:-}" ] || "$ROOT/corpus/build.sh" >/dev/null
  cargo build --quiet --manifest-path "$ROOT/Cargo.toml" -p cargo-migrate
  export PATH="$CARGO_TARGET_DIR/debug:$PATH"
  mkdir -p "$WORK"
}

# A new cargo project at $1 (its package named $2) with a migrations crate, as a user makes
# one: `cargo init`, then `cargo migrate init` pointing at this checkout.
new_project() {
  rm -rf "$1"
  mkdir -p "$1"
  (cd "$1" && cargo init --quiet --lib --name "$2" && cargo migrate init --dependency "path=$ROOT" >/dev/null)
}

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
    postgres) pg_dump -s -h 127.0.0.1 -U postgres -T alembic_version -T 'migrate_*' "${2##*/}" \
      | grep -vE '^(--|\\|$|SET |SELECT pg_catalog)' | sort ;;
    mariadb) for t in $(mysql -N -uroot -h127.0.0.1 "${2##*/}" -e "SHOW TABLES" | grep -vE '^(alembic_version|migrate_version|migrate_history)$' | sort); do
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
    "AND name NOT IN ('alembic_version', 'migrate_version', 'migrate_history') ORDER BY name")]
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

