#!/usr/bin/env bash
# Build a corpus of real application schemas by running the applications' own Alembic
# migration histories (optuna, mlflow-skinny) from empty to head on PostgreSQL, MariaDB and
# SQLite, then seeding a few rows through each application. See corpus/README.md.
#
#   corpus/build.sh                      # everything, into /tmp/migrate-corpus
#   CORPUS_DIR=/some/dir corpus/build.sh
#   CORPUS_APPS=optuna CORPUS_DBS="postgres sqlite" corpus/build.sh
#
# Rerunnable: every database is dropped and rebuilt; the venv is reused while
# corpus/requirements.txt is unchanged.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CORPUS_DIR="${CORPUS_DIR:-/tmp/migrate-corpus}"
PYTHON="${CORPUS_PYTHON:-python3}"
REQ="$HERE/requirements.txt"
VENV="$CORPUS_DIR/venv"

die() { echo "[corpus] ERROR: $*" >&2; exit 1; }
log() { echo "[corpus] $*"; }

start=$(date +%s)
command -v "$PYTHON" >/dev/null || die "'$PYTHON' not found (set CORPUS_PYTHON to a Python >= 3.10)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || die "$("$PYTHON" -V 2>&1) is too old; the pins need Python >= 3.10 (verified on 3.11)"
[ -f "$REQ" ] || die "missing $REQ"

mkdir -p "$CORPUS_DIR"
CORPUS_DIR="$(cd "$CORPUS_DIR" && pwd)"
VENV="$CORPUS_DIR/venv"
export CORPUS_DIR

# --- 1. venv with exact pins (reinstalled only when requirements.txt or the Python changes)
stamp="$VENV/.corpus-requirements"
want="$(sha256sum "$REQ" | cut -d' ' -f1) $("$PYTHON" -V 2>&1)"
if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "venv $VENV is up to date"
else
    log "creating venv $VENV and installing pinned packages (about a minute)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" || die "could not create a venv with $PYTHON (python3-venv missing?)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$REQ" \
        || die "pip install -r $REQ failed (PyPI unreachable, or a pin without a wheel for $("$PYTHON" -V 2>&1)?)"
    "$VENV/bin/pip" check >/dev/null || die "pip check failed in $VENV: $("$VENV/bin/pip" check 2>&1)"
    echo "$want" > "$stamp"
fi
"$VENV/bin/python" -c 'import optuna, mlflow, alembic, sqlalchemy, psycopg2, pymysql' \
    || die "the venv $VENV is broken; delete it and rerun"

# --- 2. servers reachable?
"$VENV/bin/python" - <<'EOF' || die "a database server is not reachable (see above)"
import os, sys
bad = []
dbs = os.environ.get("CORPUS_DBS", "postgres mariadb sqlite").split()
if "postgres" in dbs:
    try:
        import psycopg2
        psycopg2.connect(host=os.environ.get("CORPUS_PG_HOST", "127.0.0.1"),
                         port=int(os.environ.get("CORPUS_PG_PORT", "5432")),
                         user=os.environ.get("CORPUS_PG_USER", "postgres"),
                         dbname="postgres", connect_timeout=5).close()
    except Exception as e:
        bad.append(f"PostgreSQL: {e}".strip())
if "mariadb" in dbs:
    try:
        import pymysql
        pymysql.connect(host=os.environ.get("CORPUS_MY_HOST", "127.0.0.1"),
                        port=int(os.environ.get("CORPUS_MY_PORT", "3306")),
                        user=os.environ.get("CORPUS_MY_USER", "root"), password="",
                        connect_timeout=5).close()
    except Exception as e:
        bad.append(f"MariaDB: {e}")
for b in bad:
    print(f"[corpus] ERROR: {b}", file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

# --- 3. reset, migrate, seed, count every (app, database)
rc=0
"$VENV/bin/python" "$HERE/build.py" || rc=$?
log "finished in $(( $(date +%s) - start ))s"
[ "$rc" -eq 0 ] || die "some targets failed (exit $rc); see the messages above and $CORPUS_DIR/logs/"
