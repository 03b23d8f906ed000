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
WORK="$CORPUS_DIR/adopt"
# shellcheck source=corpus/lib.sh
source "$ROOT/corpus/lib.sh"
# Adopting stamps the corpus databases: build them afresh first.
prepare

status=0
for app in $APPS; do
  for db in $DBS; do
    project="$WORK/${app}_$db"
    new_project "$project" "adopt_${app}_$db"
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
