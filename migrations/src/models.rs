//! The example's tables as models: what the history's head holds, declared in Rust. An app
//! keeps these beside its queries (`sqlx::FromRow` on the same structs); `revision
//! --autogenerate` writes the migration a change to them needs, and `check` (or the test in
//! `tests/models.rs`) fails when one is changed without its migration.

use chrono::{DateTime, Utc};
use migrate_runtime::model::Model;
use rust_decimal::Decimal;
use uuid::Uuid;

/// A user.
#[derive(Debug, Model)]
#[model(table = "users", index(email, is_active))]
pub struct User {
    /// Its id.
    #[column(primary_key)]
    pub id: Uuid,
    /// Its e-mail address, unique.
    #[column(len = 255, unique)]
    pub email: String,
    /// Its display name.
    pub name: Option<String>,
    /// Whether it may log in.
    #[column(default = true)]
    pub is_active: bool,
    /// When it was created.
    #[column(default_sql = "CURRENT_TIMESTAMP")]
    pub created_at: DateTime<Utc>,
}

/// A role users can have.
#[derive(Debug, Model)]
#[model(table = "roles")]
pub struct Role {
    /// Its id, generated.
    #[column(primary_key)]
    pub id: i32,
    /// Its name, unique.
    #[column(len = 64, unique)]
    pub name: String,
}

/// Which user has which role.
#[derive(Debug, Model)]
#[model(table = "user_roles", primary_key(user_id, role_id))]
pub struct UserRole {
    /// The user.
    #[column(references = "users.id", on_delete = "cascade")]
    pub user_id: Uuid,
    /// The role.
    #[column(references = "roles.id", on_delete = "cascade")]
    pub role_id: i32,
}

/// A login session (the table was `sessions`; renamed by a migration).
#[derive(Debug, Model)]
#[model(table = "user_sessions")]
pub struct UserSession {
    /// Its id.
    #[column(primary_key)]
    pub id: Uuid,
    /// Whose it is.
    #[column(references = "users.id", on_delete = "cascade")]
    pub user_id: Uuid,
    /// Its token, unique.
    #[column(len = 128, unique)]
    pub token: String,
    /// When it ends.
    pub expires_at: DateTime<Utc>,
}

/// A product for sale.
#[derive(Debug, Model)]
#[model(table = "products")]
pub struct Product {
    /// Its id, generated.
    #[column(primary_key)]
    pub id: i64,
    /// Its stock-keeping unit, unique.
    #[column(len = 64, unique)]
    pub sku: String,
    /// Its name.
    pub name: String,
    /// Its price.
    #[column(precision = 10, scale = 2)]
    pub price: Decimal,
    /// When it was created.
    #[column(default_sql = "CURRENT_TIMESTAMP")]
    pub created_at: Option<DateTime<Utc>>,
    /// Its description.
    pub description: Option<String>,
    /// `active` or not.
    #[column(len = 20)]
    pub status: String,
}
