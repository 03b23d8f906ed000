//! Property tests on generated revision graphs (branches, merges, `depends_on`), run against
//! a real SQLite database: after any sequence of upgrades and downgrades, the applied set is
//! closed under parents and dependencies, each migration ran at most once per command and in
//! an allowed order, and the version table holds exactly the heads of the applied set.

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
}

#[derive(Debug, Clone)]
enum Command {
    UpgradeTo(usize),
    UpgradeHeads,
    DowngradeTo(usize),
    DowngradeSteps(u8),
    DowngradeBase,
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
                (parents, depends_on)
            })
            .collect();
        nodes.prop_map(|nodes| {
            let (parents, depends_on): (Vec<Vec<usize>>, Vec<Vec<usize>>) = nodes
                .into_iter()
                .map(|(parents, depends): (Vec<usize>, Vec<usize>)| {
                    let depends = depends
                        .into_iter()
                        .filter(|d| !parents.contains(d))
                        .collect();
                    (parents, depends)
                })
                .unzip();
            Dag {
                parents,
                depends_on,
            }
        })
    })
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        (0_usize..9).prop_map(Command::UpgradeTo),
        Just(Command::UpgradeHeads),
        (0_usize..9).prop_map(Command::DowngradeTo),
        (1_u8..4).prop_map(Command::DowngradeSteps),
        Just(Command::DowngradeBase),
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
            define(&names[i], &down, &deps, &[], migration)
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

    /// The members of `applied` that nothing else applied needs.
    fn heads_of(&self, applied: &BTreeSet<usize>) -> BTreeSet<String> {
        let heads = applied
            .iter()
            .filter(|&&a| !applied.iter().any(|&b| b != a && self.needs(b, a)));
        heads.map(|&a| revision(a)).collect()
    }
}

fn target(command: &Command) -> (bool, String) {
    match command {
        Command::UpgradeTo(i) => (true, revision(*i)),
        Command::UpgradeHeads => (true, "heads".to_owned()),
        Command::DowngradeTo(i) => (false, revision(*i)),
        Command::DowngradeSteps(n) => (false, format!("-{n}")),
        Command::DowngradeBase => (false, "base".to_owned()),
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
        let (up, target) = target(&command);
        let outcome = match up {
            true => migrator.upgrade(&target).await,
            false => migrator.downgrade(&target).await,
        };
        let after = applied(&db, &dag).await;
        match outcome {
            Ok(steps) => {
                let mut state = before.clone();
                let mut seen = BTreeSet::new();
                for step in steps {
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
        prop_assert_eq!(
            rows,
            dag.heads_of(&after),
            "the version table holds the heads"
        );
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
