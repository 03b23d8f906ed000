//! The models match the head of the history on every database: a model changed without its
//! migration fails here, in `cargo test`, with no database.

#[test]
fn models_match_the_migrations() {
    migrate_runtime::testing::assert_models_match(&migrations::migrations());
}
