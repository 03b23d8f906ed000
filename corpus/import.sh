#!/usr/bin/env bash
# Import each application's own Alembic history (the `versions/` folder of the package
# build.sh installed) as a new user would: a fresh project, `cargo migrate init`, `cargo
# migrate import-alembic FOLDER --python <the corpus's virtualenv>`. The imported Rust history
# then upgrades an empty database, whose catalog is compared table by table with the database
# Alembic built (build.sh; `alembic_version` aside), and `check` runs on Alembic's database
# with `alembic_version` as the version table (must exit 0: migrate goes on from there).
# Prints one line per app and database.
#
#   corpus/import.sh                 (runs build.sh first; CORPUS_SKIP_BUILD=1 to not)
#   CORPUS_APPS=optuna CORPUS_DBS="postgres sqlite" corpus/import.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS_DIR="${CORPUS_DIR:-/tmp/migrate-corpus}"
WORK="$CORPUS_DIR/import"
# shellcheck source=corpus/lib.sh
source "$ROOT/corpus/lib.sh"
prepare
PYTHON="$CORPUS_DIR/venv/bin/python"
SITE="$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"

# The Alembic history of app $1, as the package ships it.
versions_of() {
  case "$1" in
    optuna) echo "$SITE/optuna/storages/_rdb/alembic/versions" ;;
    mlflow) echo "$SITE/mlflow/store/db_migrations/versions" ;;
  esac
}

# Python that makes the tables app $1 makes before its Alembic history runs (none for most).
base_of() {
  case "$1" in
    mlflow) echo "from mlflow.store.tracking.dbmodels.initial_models import Base; Base.metadata.create_all(connection)" ;;
  esac
}

status=0
for app in $APPS; do
  for db in $DBS; do
    project="$WORK/${app}_$db"
    new_project "$project" "import_${app}_$db"
    : >"$project/migrations/src/models.rs"
    empty="$(scratch_url "import_${app}_$db" "$db")"
    printf 'database_url = "%s"\n' "$empty" > "$project/migrate.toml"
    source="$(source_url "$app" "$db")"
    log="$project/import.log"
    outcome="ok"
    (
      cd "$project"
      base=()
      [ -z "$(base_of "$app")" ] || base=(--base "$(base_of "$app")")
      MLFLOW_DISABLE_TELEMETRY=true cargo migrate import-alembic "$(versions_of "$app")" \
        --python "$PYTHON" "${base[@]}" >"$log" 2>&1
      cargo migrate -q upgrade >>"$log" 2>&1
    ) || outcome="the import or its upgrade of an empty database failed"
    if [ "$outcome" = ok ] && ! diff <(catalog "$db" "$source") <(catalog "$db" "$empty") >"$project/catalog.diff"; then
      outcome="catalogs differ ($(grep -c '^[<>]' "$project/catalog.diff") lines): $project/catalog.diff"
    fi
    if [ "$outcome" = ok ]; then
      (cd "$project" && cargo migrate --database-url "$source" --version-table alembic_version check >>"$log" 2>&1) ||
        outcome="check on the database Alembic built failed"
    fi
    [ "$outcome" = ok ] || status=1
    printf '%-8s %-9s %s (%s warning(s))\n' "$app" "$db" "$outcome" "$(grep -c '^warning:' "$log" || true)"
    [ "$outcome" = ok ] || tail -n 15 "$log" | sed 's/^/    /'
  done
done
exit $status
