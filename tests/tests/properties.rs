//! Property tests on generated revision graphs (branches, merges, `depends_on`, branch
//! labels), run against a real SQLite database: after any sequence of upgrades and downgrades,
//! the applied set is closed under parents and dependencies, each migration ran at most once
//! per command and in an allowed order, the version table holds exactly the heads of the
//! applied set, and every downgrade reverts exactly what Alembic's rules
//! (`alembic/script/revision.py`, `_collect_downgrade_revisions`) revert, or is refused where
//! they refuse.

use std::collections::BTreeSet;

use migrate_runtime::{Direction, Migrations, Migrator};
use migrate_tests::fixture::Fixed;
use migrate_tests::fixture::define;
use migrate_tests::{Backend, TestDb};
use proptest::prelude::*;

/// A generated history: node `i` follows `parents[i]` and depends on `depends_on[i]`, all
/// lower-numbered.
#[derive(Debug, Clone)]
struct Dag {
    parents: Vec<Vec<usize>>,
    depends_on: Vec<Vec<usize>>,
    /// Whether node `i` declares the branch label `l{i}`.
    labelled: Vec<bool>,
}

#[derive(Debug, Clone)]
enum Command {
    UpgradeTo(usize),
    UpgradeHeads,
    DowngradeTo(usize),
    DowngradeSteps(u8),
    DowngradeBase,
    /// `l{i}@base` where node `i` declares a label, `r{i}@base` otherwise.
    DowngradeBranchBase(usize),
    UpgradeSteps(u8),
}

fn revision(i: usize) -> String {
    format!("r{i:02}")
}

fn dag() -> impl Strategy<Value = Dag> {
    (1_usize..9).prop_flat_map(|count| {
        let nodes: Vec<_> = (0..count)
            .map(|i| {
                let earlier: Vec<usize> = (0..i).collect();
                let parents = proptest::sample::subsequence(earlier.clone(), 0..=i.min(2));
                let depends_on = proptest::sample::subsequence(earlier, 0..=i.min(1));
                (parents, depends_on, proptest::bool::weighted(0.25))
            })
            .collect();
        nodes.prop_map(|nodes| {
            let mut dag = Dag {
                parents: Vec::new(),
                depends_on: Vec::new(),
                labelled: Vec::new(),
            };
            for (parents, depends, labelled) in nodes {
                let depends = depends.into_iter().filter(|d| !parents.contains(d));
                dag.depends_on.push(depends.collect());
                dag.parents.push(parents);
                dag.labelled.push(labelled);
            }
            dag
        })
    })
}

fn command() -> impl Strategy<Value = Command> {
    // `upgrade heads` often, so that downgrades meet histories applied with their dependencies.
    prop_oneof![
        1 => (0_usize..9).prop_map(Command::UpgradeTo),
        3 => Just(Command::UpgradeHeads),
        2 => (0_usize..9).prop_map(Command::DowngradeTo),
        1 => (1_u8..4).prop_map(Command::DowngradeSteps),
        1 => Just(Command::DowngradeBase),
        1 => (0_usize..9).prop_map(Command::DowngradeBranchBase),
        1 => (1_u8..3).prop_map(Command::UpgradeSteps),
    ]
}

impl Dag {
    fn len(&self) -> usize {
        self.parents.len()
    }

    fn migrations(&self) -> Migrations {
        let names: Vec<String> = (0..self.len()).map(revision).collect();
        Migrations::from_defs((0..self.len()).map(|i| {
            let down: Vec<&str> = self.parents[i].iter().map(|&p| names[p].as_str()).collect();
            let deps: Vec<&str> = self.depends_on[i]
                .iter()
                .map(|&d| names[d].as_str())
                .collect();
            let table = migrate_runtime::op::create_table(format!("t_{}", names[i])).column(
                migrate_runtime::schema::Column::new("id", migrate_runtime::schema::Type::Integer),
            );
            let migration = Fixed {
                upgrade: migrate_runtime::Plan::new().op(table),
                downgrade: None,
            };
            let label = format!("l{i}");
            let labels: &[&str] = match self.labelled[i] {
                true => &[label.as_str()],
                false => &[],
            };
            define(&names[i], &down, &deps, labels, migration)
        }))
    }

    /// What must be applied before `i`.
    fn before(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.parents[i].iter().chain(&self.depends_on[i]).copied()
    }

    /// Whether `ancestor` must be applied for `node` to be (transitively), `node` excluded.
    fn needs(&self, node: usize, ancestor: usize) -> bool {
        self.before(node)
            .any(|b| b == ancestor || self.needs(b, ancestor))
    }

    /// `starts` and everything reached from them by `next`, transitively.
    fn closure(
        &self,
        starts: impl IntoIterator<Item = usize>,
        next: impl Fn(usize) -> Vec<usize>,
    ) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<usize> = starts.into_iter().collect();
        while let Some(node) = stack.pop() {
            if seen.insert(node) {
                stack.extend(next(node));
            }
        }
        seen
    }

    fn children(&self, node: usize) -> Vec<usize> {
        (0..self.len())
            .filter(|&c| self.parents[c].contains(&node))
            .collect()
    }

    /// What Alembic reverts with `starts`: their descendants through children and dependents.
    fn descendants(&self, starts: impl IntoIterator<Item = usize>) -> BTreeSet<usize> {
        self.closure(starts, |n| {
            let dependents = (0..self.len()).filter(|&d| self.depends_on[d].contains(&n));
            self.children(n).into_iter().chain(dependents).collect()
        })
    }

    /// Alembic's reading of a downgrade from the version rows `current` (the heads of
    /// `applied`): the revisions it reverts, or `None` where it refuses.
    fn alembic_downgrade(
        &self,
        current: &BTreeSet<usize>,
        applied: &BTreeSet<usize>,
        command: &Command,
    ) -> Option<BTreeSet<usize>> {
        let lineage = |node: usize| self.closure([node], |n| self.parents[n].clone());
        let all_roots = (0..self.len()).filter(|&i| self.parents[i].is_empty());
        // `None` for `base`; the walk's start for a relative target (its branch filter).
        let (target, branch): (Option<usize>, Option<usize>) = match command {
            Command::DowngradeTo(i) if *i < self.len() => (Some(*i), None),
            Command::DowngradeBase => (None, None),
            Command::DowngradeBranchBase(i) if *i < self.len() => (None, Some(*i)),
            Command::DowngradeSteps(n) => {
                // From a single current revision (several are not modelled, see `check`).
                let [start] = current.iter().copied().collect::<Vec<_>>()[..] else {
                    return None;
                };
                // Walk down along single parents; `None` is base, and a step past it is too far.
                let mut at = Some(start);
                for _ in 0..*n {
                    at = match self.parents[at?].as_slice() {
                        [] => None,
                        [one] => Some(*one),
                        _ => return None,
                    };
                }
                (at, Some(start))
            }
            _ => return None,
        };
        let mut roots: Vec<usize> = match target {
            None => all_roots.collect(),
            Some(t) if !applied.contains(&t) => return None,
            Some(t) => self.children(t),
        };
        if let Some(branch) = branch
            && roots.len() > 1
        {
            let below = lineage(branch);
            roots.retain(|r| below.contains(r));
            if roots.is_empty() {
                return None;
            }
        }
        let reverted: BTreeSet<usize> = self
            .descendants(roots)
            .intersection(applied)
            .copied()
            .collect();
        match target {
            Some(t) if reverted.is_empty() && !current.contains(&t) => None,
            _ => Some(reverted),
        }
    }

    /// The members of `applied` that nothing else applied needs: the version rows.
    fn heads_of(&self, applied: &BTreeSet<usize>) -> BTreeSet<usize> {
        let heads = applied
            .iter()
            .filter(|&&a| !applied.iter().any(|&b| b != a && self.needs(b, a)));
        heads.copied().collect()
    }
}

/// Node `i`'s label where it declares one, its revision otherwise (which stands for its line).
fn label(dag: &Dag, i: usize) -> String {
    match dag.labelled.get(i) {
        Some(true) => format!("l{i}"),
        _ => revision(i),
    }
}

fn target(dag: &Dag, command: &Command) -> (bool, String) {
    match command {
        Command::UpgradeTo(i) => (true, revision(*i)),
        Command::UpgradeHeads => (true, "heads".to_owned()),
        Command::DowngradeTo(i) => (false, revision(*i)),
        Command::DowngradeSteps(n) => (false, format!("-{n}")),
        Command::DowngradeBase => (false, "base".to_owned()),
        Command::DowngradeBranchBase(i) => (false, format!("{}@base", label(dag, *i))),
        Command::UpgradeSteps(n) => (true, format!("+{n}")),
    }
}

/// The revisions whose tables exist.
async fn applied(db: &TestDb, dag: &Dag) -> BTreeSet<usize> {
    let tables = db.schema().await.tables;
    (0..dag.len())
        .filter(|&i| tables.contains_key(&format!("t_{}", revision(i))))
        .collect()
}

async fn check(dag: Dag, commands: Vec<Command>) -> Result<(), TestCaseError> {
    let Some(db) = TestDb::create(Backend::Sqlite).await else {
        return Ok(());
    };
    let migrator = Migrator::with_migrations(db.url(), &dag.migrations()).expect("a valid history");
    for command in commands {
        let before = applied(&db, &dag).await;
        let (up, target) = target(&dag, &command);
        // `-N` from several version rows counts from the first row the table returns (as
        // Alembic does, warning that this will be refused one day): an order this model does
        // not know, so only the general rules below are checked then.
        let several_rows = dag.heads_of(&before).len() > 1;
        let alembic = match (up, &command) {
            (true, _) | (false, Command::DowngradeSteps(_)) if up || several_rows => None,
            _ => Some(dag.alembic_downgrade(&dag.heads_of(&before), &before, &command)),
        };
        let outcome = match up {
            true => migrator.upgrade(&target).await,
            false => migrator.downgrade(&target).await,
        };
        let after = applied(&db, &dag).await;
        match (&alembic, &outcome) {
            (Some(Some(expected)), Ok(_)) => {
                let reverted: BTreeSet<usize> = before.difference(&after).copied().collect();
                prop_assert_eq!(
                    &reverted,
                    expected,
                    "`downgrade {}` reverts what Alembic does",
                    target
                );
            }
            (Some(Some(expected)), Err(error)) => prop_assert!(
                false,
                "`downgrade {target}` was refused ({error}) where Alembic reverts {expected:?}"
            ),
            (Some(None), Ok(steps)) => prop_assert!(
                false,
                "`downgrade {target}` ran {} step(s) where Alembic refuses",
                steps.steps.len()
            ),
            (Some(None), Err(_)) | (None, _) => {}
        }
        // Version rows of which one needs another (a revert of a revision that came after
        // both gives both back, as Alembic's do): Alembic refuses every upgrade from there,
        // "Requested revision … overlaps with other requested revision …", and so does
        // migrate, changing nothing.
        let overlapping_rows = matches!(
            &outcome,
            Err(migrate_runtime::Error::Target(migrate_runtime::TargetError::Overlapping {
                target,
                ..
            })) if target == "the version table"
        );
        if overlapping_rows {
            prop_assert_eq!(&after, &before, "a refused upgrade changed the database");
        }
        // Alembic's upgrade to a revision applies it and all it needs, and nothing more; at or
        // past it already, nothing, and that is a success.
        if let Command::UpgradeTo(i) = command
            && i < dag.len()
            && !overlapping_rows
        {
            let mut expected = before.clone();
            expected.extend((0..dag.len()).filter(|&a| a == i || dag.needs(i, a)));
            prop_assert!(
                outcome.is_ok(),
                "`upgrade {}` was refused: {:?}",
                target,
                outcome
            );
            prop_assert_eq!(
                &after,
                &expected,
                "`upgrade {}` applies what Alembic does",
                target
            );
        }
        match outcome {
            Ok(steps) => {
                let mut state = before.clone();
                let mut seen = BTreeSet::new();
                for step in steps.steps {
                    let node: usize = step.revision[1..].parse().expect("a generated revision");
                    prop_assert!(
                        seen.insert(node),
                        "{} ran twice in one command",
                        step.revision
                    );
                    if step.direction == Direction::Upgrade {
                        prop_assert!(
                            dag.before(node).all(|b| state.contains(&b)),
                            "{} ran before what it needs",
                            step.revision
                        );
                        prop_assert!(state.insert(node), "{} was applied already", step.revision);
                    } else {
                        prop_assert!(
                            !state.iter().any(|&s| dag.before(s).any(|b| b == node)),
                            "{} reverted under a dependent",
                            step.revision
                        );
                        prop_assert!(state.remove(&node), "{} was not applied", step.revision);
                    }
                }
                prop_assert_eq!(&state, &after, "the catalog matches the steps that ran");
            }
            Err(_) => prop_assert_eq!(&before, &after, "a refused command changes nothing"),
        }
        for &a in &after {
            prop_assert!(
                dag.before(a).all(|b| after.contains(&b)),
                "{} applied without what it needs",
                revision(a)
            );
        }
        let has_table = db.schema().await.tables.contains_key("migrate_version");
        let rows: BTreeSet<String> = match has_table {
            true => db.versions("migrate_version").await.into_iter().collect(),
            false => BTreeSet::new(),
        };
        let heads: BTreeSet<String> = dag.heads_of(&after).into_iter().map(revision).collect();
        prop_assert!(
            rows.is_superset(&heads),
            "the version table holds the heads: {rows:?} against {heads:?}"
        );
        // As Alembic: reverting a revision gives back every row it came after that no other
        // row needs at that moment, so one may stay beside a row that needs it; any other
        // extra row is a defect.
        for extra in rows.difference(&heads) {
            let node: usize = extra[1..].parse().expect("a generated revision");
            let left_by_merge = (0..dag.len())
                .any(|next| !after.contains(&next) && dag.before(next).any(|b| b == node));
            prop_assert!(left_by_merge, "{extra} is a version row but not a head");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_sequence_of_targets_keeps_the_history_consistent(
        dag in dag(),
        commands in proptest::collection::vec(command(), 1..7),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(check(dag, commands))?;
    }
}
