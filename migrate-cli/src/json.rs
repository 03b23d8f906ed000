//! Results as one JSON document, for scripts and CI.

use serde_json::{Value, json};

use crate::report::Report;
use migrate_runtime::Edited;
use migrate_runtime::{Revision, RevisionId};

/// The JSON document for `report`.
pub(super) fn render(report: &Report) -> Value {
    match report {
        Report::Ran(run) => json!({
            "current": list(&run.current, &run.current),
            "ran": run.steps.iter().map(|s| json!({
                "revision": s.revision,
                "direction": s.direction.to_string(),
                "duration_ms": s.duration.as_secs_f64() * 1000.0,
            })).collect::<Vec<_>>(),
        }),
        Report::Script { script, .. } => {
            json!({ "sql": script.text, "unrendered": script.unrendered })
        }
        Report::Show {
            revision,
            dialect,
            upgrade,
            downgrade,
        } => json!({
            "revision": revision_json(revision, &[]),
            "dialect": dialect.name(),
            "upgrade_sql": upgrade.text,
            "downgrade_sql": downgrade.text,
        }),
        Report::Schema { schema, .. } => json!({ "schema": schema }),
        Report::Current { current, edited } => {
            json!({ "current": list(current, current), "edited": edited_json(edited) })
        }
        Report::Stamped(current) => json!({ "stamped": list(current, current) }),
        Report::History {
            revisions,
            current,
            applied,
        } => json!({
            "revisions": list(revisions, current),
            "applied": applied.iter().map(|row| json!({
                "revision": row.revision,
                "direction": row.direction,
                "checksum": row.checksum,
                "started_at": row.started_at,
                "finished_at": row.finished_at,
                "duration_ms": row.duration_ms,
                "applied_by": row.applied_by,
            })).collect::<Vec<_>>(),
        }),
        Report::Heads(heads) => json!({ "heads": list(heads, &[]) }),
        Report::Branches(points) => json!({
            "branch_points": points.iter().map(|(point, children)| {
                let mut point = revision_json(point, &[]);
                point["followed_by"] = list(children, &[]);
                point
            }).collect::<Vec<_>>(),
        }),
        Report::Check {
            pending,
            edited,
            drift,
            accepted: (accepted, stale),
            not_described,
            models,
        } => json!({
            "up_to_date": pending.is_empty() && edited.is_empty(),
            "pending": list(pending, &[]),
            "edited": edited_json(edited),
            "drifted": drift.as_ref().is_ok_and(|drift| !drift.is_empty()),
            "drift": drift.as_ref().ok(),
            "drift_not_checked": drift.as_ref().err(),
            "accepted": accepted,
            "stale_accepted": stale,
            "not_described": not_described,
            "models_checked": models.is_some(),
            "models_differ": models.as_ref().is_some_and(|m| m.as_ref().is_ok_and(|c| !c.is_empty())),
            "model_changes": models.as_ref().and_then(|m| m.as_ref().ok()),
            "models_not_checked": models.as_ref().and_then(|m| m.as_ref().err()),
        }),
        Report::Written(path) => json!({ "written": path.display().to_string() }),
        Report::Models(source) => json!({ "models": source }),
        Report::Imported { files, warnings } => json!({
            "written": files.iter().map(|file| file.display().to_string()).collect::<Vec<_>>(),
            "warnings": warnings,
        }),
        Report::Adopted {
            baseline,
            models,
            dependencies,
            changes,
            not_described,
            revision,
            checked,
        } => json!({
            "baseline": baseline.display().to_string(),
            "models": models.display().to_string(),
            "dependencies_added": dependencies,
            "stamped": revision,
            "checked": checked,
            "not_described": not_described,
            "changes": changes.iter().map(|change| change.summary.clone()).collect::<Vec<_>>(),
        }),
        Report::Generated {
            path,
            changes,
            not_described,
            stamp,
        } => json!({
            "written": path.as_ref().map(|path| path.display().to_string()),
            "stamp": stamp,
            "not_described": not_described,
            "changes": changes
                .iter()
                .map(|change| json!({ "summary": change.summary, "destructive": change.destructive }))
                .collect::<Vec<_>>(),
        }),
    }
}

fn edited_json(edited: &[Edited]) -> Value {
    edited
        .iter()
        .map(|e| json!({ "revision": e.revision, "applied_at": e.applied_at, "recorded": e.recorded, "current": e.current }))
        .collect()
}

fn list(revisions: &[Revision], current: &[Revision]) -> Value {
    revisions
        .iter()
        .map(|r| revision_json(r, current))
        .collect()
}

/// Ids as JSON strings.
fn texts(ids: &[RevisionId]) -> Vec<&'static str> {
    ids.iter().map(|id| id.as_str()).collect()
}

fn revision_json(revision: &Revision, current: &[Revision]) -> Value {
    json!({
        "revision": revision.revision.as_str(),
        "down_revisions": texts(&revision.down),
        "depends_on": texts(&revision.depends_on),
        "branch_labels": revision.branch_labels,
        "message": revision.message,
        "path": revision.source.to_string(),
        "is_head": revision.is_head,
        "is_effective_head": revision.is_effective_head,
        "is_branch_point": revision.is_branch_point,
        "is_merge_point": revision.is_merge_point,
        "is_current": current.iter().any(|c| c.revision == revision.revision),
    })
}
