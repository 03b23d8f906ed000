//! Every attribute of `#[derive(Model)]`, and the table it declares.

use migrate_runtime::model::{Model, ModelEnum, Models};
use migrate_runtime::schema::{DefaultValue, ReferentialAction, Type};
use migrate_runtime::{Dialect, NamingConvention};

#[derive(Model)]
#[model(table = "teams")]
pub struct Team {
    #[column(primary_key)]
    pub id: i32,
    #[column(len = 80, unique, comment = "shown to members")]
    pub name: String,
}

#[derive(Model)]
#[model(
    renamed_from = "members",
    comment = "who belongs where",
    unique(team_id, email),
    index(email, name = "ix_people_email_lower", unique, where_sql = "active"),
    check(sql = "age >= 0", name = "ck_people_age"),
    foreign_key(team_id, bio, references = "teams(id, name)", on_delete = "cascade")
)]
pub struct Person {
    #[column(primary_key, auto_increment = false)]
    pub id: i64,
    #[column(references = "teams.id", on_delete = "set null", on_update = "cascade")]
    pub team_id: Option<i32>,
    #[column(len = 255, renamed_from = "mail")]
    pub email: String,
    #[column(default = 0, index)]
    pub age: i16,
    #[column(default = true)]
    pub active: bool,
    #[column(default = -1.5)]
    pub balance: f64,
    #[column(precision = 12, scale = 2, default = 0)]
    pub credit: rust_decimal::Decimal,
    #[column(name = "bio_text", default = "")]
    pub bio: String,
    #[column(sql_type = "CITEXT")]
    pub handle: Option<String>,
    #[column(default_sql = "CURRENT_TIMESTAMP")]
    pub seen: Option<f32>,
    pub avatar: Vec<u8>,
    pub mood: Option<Mood>,
    #[column(skip)]
    pub cached: std::time::Duration,
}

/// The schema vocabulary beyond plain columns: identity, generation, collation, and an index
/// with its key options and an expression.
#[derive(Model)]
#[model(
    table = "runs",
    index(name, started, desc(started), nulls_last(started), prefix(name = 32), include(note)),
    index(expr = "lower(name)", started, name = "ix_runs_lower_name")
)]
pub struct Run {
    #[column(primary_key, identity(always, start = 100, increment = -1))]
    pub id: i64,
    #[column(len = 200, collation = "C")]
    pub name: String,
    pub started: i64,
    pub finished: Option<i64>,
    #[column(generated = "finished - started")]
    pub duration: Option<i64>,
    #[column(generated_virtual = "finished + 1")]
    pub next: Option<i64>,
    #[column(identity)]
    pub serial: i32,
    pub note: Option<String>,
}

#[derive(ModelEnum)]
#[model_enum(name = "person_mood")]
pub enum Mood {
    Happy,
    #[model_enum(rename = "so-so")]
    SoSo,
}

fn main() {
    let runs = Models::from_tables([Run::table()])
        .schema(&NamingConvention::default(), Dialect::Postgres)
        .expect("a schema");
    let runs = runs.table("runs").expect("runs");
    let identity = runs.column("id").and_then(|c| c.identity.clone()).expect("identity");
    assert_eq!((identity.always, identity.start, identity.increment), (true, Some(100), Some(-1)));
    assert_eq!(runs.column("serial").map(|c| (c.identity.is_some(), c.nullable)), Some((true, false)));
    assert_eq!(runs.column("name").and_then(|c| c.collation.as_deref()), Some("C"));
    let duration = runs.column("duration").and_then(|c| c.generated.clone()).expect("generated");
    assert_eq!((duration.expression.as_str(), duration.stored), ("finished - started", true));
    assert_eq!(runs.column("next").and_then(|c| c.generated.as_ref()).map(|g| g.stored), Some(false));
    let latest = &runs.indexes[0];
    assert_eq!(latest.name, "ix_runs_name_started");
    assert_eq!(latest.key_options["started"].descending, true);
    assert_eq!(latest.key_options["started"].nulls_first, Some(false));
    assert_eq!(latest.key_options["name"].prefix, Some(32));
    assert_eq!(latest.include, ["note"]);
    assert_eq!(runs.indexes[1].columns, ["lower(name)", "started"]);

    let models = Models::from_tables([Team::table(), Person::table()]);
    let schema = models
        .schema(&NamingConvention::default(), Dialect::Postgres)
        .expect("a schema");
    let people = schema.table("persons").expect("the default table name");
    let names: Vec<&str> = people.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["id", "team_id", "email", "age", "active", "balance", "credit", "bio_text", "handle", "seen", "avatar", "mood"]
    );
    assert_eq!(people.column("id").map(|c| &c.ty), Some(&Type::BigInt));
    assert_eq!(schema.table("teams").and_then(|t| t.column("id")).map(|c| &c.ty), Some(&Type::Serial));
    assert_eq!(people.column("handle").map(|c| (&c.ty, c.nullable)), Some((&Type::Custom("CITEXT".into()), true)));
    assert_eq!(people.column("credit").map(|c| &c.ty), Some(&Type::numeric(12, 2)));
    assert_eq!(people.column("balance").and_then(|c| c.default.clone()), Some(DefaultValue::Float(-1.5)));
    assert_eq!(people.foreign_keys[0].on_delete, Some(ReferentialAction::SetNull));
    assert_eq!(people.foreign_keys[1].columns, ["team_id", "bio_text"]);
    assert_eq!(people.foreign_keys[1].referred_columns, ["id", "name"]);
    assert_eq!(people.foreign_keys[1].on_delete, Some(ReferentialAction::Cascade));
    assert_eq!(people.indexes.len(), 2);
    assert_eq!(people.checks[0].name.as_deref(), Some("ck_people_age"));
    assert_eq!(people.comment.as_deref(), Some("who belongs where"));
    assert_eq!(
        people.column("mood").map(|c| (&c.ty, c.nullable)),
        Some((&Type::enumeration("person_mood", ["happy", "so-so"]), true))
    );
}
