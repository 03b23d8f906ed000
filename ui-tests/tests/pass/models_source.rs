//! The models `migrate models --from-database` writes for a schema, exactly (a test of
//! migrate-tests compares what it writes for the example history's head with the part between
//! the markers), compiled here, and checked to declare that schema.

// --- written by `models --from-database` ---
use chrono::{DateTime, Utc};
use migrate_runtime::model::Model;
use rust_decimal::Decimal;
use uuid::Uuid;

#[derive(Debug, Model)]
#[model(table = "products")]
pub struct Product {
    #[column(primary_key)]
    pub id: i64,
    #[column(len = 64, unique)]
    pub sku: String,
    pub name: String,
    #[column(precision = 10, scale = 2)]
    pub price: Decimal,
    #[column(default_sql = "CURRENT_TIMESTAMP")]
    pub created_at: Option<DateTime<Utc>>,
    pub description: Option<String>,
    #[column(len = 20)]
    pub status: String,
}

#[derive(Debug, Model)]
#[model(table = "roles")]
pub struct Role {
    #[column(primary_key)]
    pub id: i32,
    #[column(len = 64, unique)]
    pub name: String,
}

#[derive(Debug, Model)]
#[model(table = "user_roles", primary_key(user_id, role_id))]
pub struct UserRole {
    #[column(references = "users.id", on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(references = "roles.id", on_delete = "cascade")]
    pub role_id: i32,
}

#[derive(Debug, Model)]
#[model(table = "user_sessions")]
pub struct UserSession {
    #[column(primary_key)]
    pub id: Uuid,
    #[column(references = "users.id", on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(len = 128, unique)]
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Model)]
#[model(table = "users", index(email, is_active, name = "ix_users_email_is_active"))]
pub struct User {
    #[column(primary_key)]
    pub id: Uuid,
    #[column(len = 255, unique)]
    pub email: String,
    pub name: Option<String>,
    #[column(default = true)]
    pub is_active: bool,
    #[column(default_sql = "CURRENT_TIMESTAMP")]
    pub created_at: DateTime<Utc>,
}
// --- end ---

/// The example history's head, as JSON.
const EXPECTED: &str = "{\"tables\":{\"products\":{\"name\":\"products\",\"columns\":[{\"name\":\"id\",\"type\":\"BigSerial\",\"nullable\":false},{\"name\":\"sku\",\"type\":{\"Varchar\":64},\"nullable\":false},{\"name\":\"name\",\"type\":\"Text\",\"nullable\":false},{\"name\":\"price\",\"type\":{\"Numeric\":{\"precision\":10,\"scale\":2}},\"nullable\":false},{\"name\":\"created_at\",\"type\":\"TimestampTz\",\"nullable\":true,\"default\":{\"Sql\":\"CURRENT_TIMESTAMP\"}},{\"name\":\"description\",\"type\":\"Text\",\"nullable\":true},{\"name\":\"status\",\"type\":{\"Varchar\":20},\"nullable\":false}],\"primary_key\":{\"name\":\"products_pkey\",\"columns\":[\"id\"]},\"uniques\":[{\"name\":\"products_sku_key\",\"columns\":[\"sku\"]}]},\"roles\":{\"name\":\"roles\",\"columns\":[{\"name\":\"id\",\"type\":\"Serial\",\"nullable\":false},{\"name\":\"name\",\"type\":{\"Varchar\":64},\"nullable\":false}],\"primary_key\":{\"name\":\"roles_pkey\",\"columns\":[\"id\"]},\"uniques\":[{\"name\":\"roles_name_key\",\"columns\":[\"name\"]}]},\"user_roles\":{\"name\":\"user_roles\",\"columns\":[{\"name\":\"user_id\",\"type\":\"Uuid\",\"nullable\":false},{\"name\":\"role_id\",\"type\":\"Integer\",\"nullable\":false}],\"primary_key\":{\"name\":\"user_roles_pkey\",\"columns\":[\"user_id\",\"role_id\"]},\"foreign_keys\":[{\"name\":\"user_roles_user_id_fkey\",\"columns\":[\"user_id\"],\"referred_table\":\"users\",\"referred_columns\":[\"id\"],\"on_delete\":\"Cascade\"},{\"name\":\"user_roles_role_id_fkey\",\"columns\":[\"role_id\"],\"referred_table\":\"roles\",\"referred_columns\":[\"id\"],\"on_delete\":\"Cascade\"}]},\"user_sessions\":{\"name\":\"user_sessions\",\"columns\":[{\"name\":\"id\",\"type\":\"Uuid\",\"nullable\":false},{\"name\":\"user_id\",\"type\":\"Uuid\",\"nullable\":false},{\"name\":\"token\",\"type\":{\"Varchar\":128},\"nullable\":false},{\"name\":\"expires_at\",\"type\":\"TimestampTz\",\"nullable\":false}],\"primary_key\":{\"name\":\"sessions_pkey\",\"columns\":[\"id\"]},\"foreign_keys\":[{\"name\":\"sessions_user_id_fkey\",\"columns\":[\"user_id\"],\"referred_table\":\"users\",\"referred_columns\":[\"id\"],\"on_delete\":\"Cascade\"}],\"uniques\":[{\"name\":\"sessions_token_key\",\"columns\":[\"token\"]}]},\"users\":{\"name\":\"users\",\"columns\":[{\"name\":\"id\",\"type\":\"Uuid\",\"nullable\":false},{\"name\":\"email\",\"type\":{\"Varchar\":255},\"nullable\":false},{\"name\":\"name\",\"type\":\"Text\",\"nullable\":true},{\"name\":\"is_active\",\"type\":\"Boolean\",\"nullable\":false,\"default\":{\"Boolean\":true}},{\"name\":\"created_at\",\"type\":\"TimestampTz\",\"nullable\":false,\"default\":{\"Sql\":\"CURRENT_TIMESTAMP\"}}],\"primary_key\":{\"name\":\"users_pkey\",\"columns\":[\"id\"]},\"uniques\":[{\"name\":\"users_email_key\",\"columns\":[\"email\"]}],\"indexes\":[{\"name\":\"ix_users_email_is_active\",\"columns\":[\"email\",\"is_active\"]}]}}}";

fn main() {
    use migrate_runtime::autogenerate::{self, Renames};
    use migrate_runtime::model::Models;
    use migrate_runtime::state::Schema;
    use migrate_runtime::{Dialect, NamingConvention};

    let expected: Schema = serde_json::from_str(EXPECTED).expect("the expected schema");
    let declared = Models::registered()
        .schema(&NamingConvention::default(), Dialect::Postgres)
        .expect("the models make a schema");
    let changes = autogenerate::changes(
        &expected,
        &declared,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect("compared");
    assert!(changes.is_empty(), "{changes:#?}");
}
