//! The models match the head of the history on every database, and every migration runs on
//! each database the history declares: checked in `cargo test`, with no database.

#[test]
fn models_match_the_migrations() {
    migrate_runtime::testing::assert_models_match(&migrations::migrations());
}

#[test]
fn migrations_run_on_every_declared_database() {
    migrate_runtime::testing::assert_migrations_run_everywhere(&migrations::migrations());
}
