//! What a database cannot run, known from an op builder call alone. The `#[migration]` macro
//! refuses such a call at compile time when the crate declares that database
//! (`[package.metadata.migrate] databases` in its `Cargo.toml`); the runtime's renderers
//! refuse the op with the same words, whatever way it was built.

/// The databases by the names a crate declares them with (`Dialect::feature` in the runtime),
/// each with the name users know it by and its variant of the runtime's `Dialect`.
pub const DATABASES: [(&str, &str, &str); 3] = [
    ("postgres", "PostgreSQL", "Postgres"),
    ("mysql", "MySQL", "MySql"),
    ("sqlite", "SQLite", "Sqlite"),
];

/// The three names, as an error message lists them.
pub const DATABASE_NAMES: &str = "`postgres`, `mysql` (MariaDB too) or `sqlite`";

/// `postgres`, `mysql` or `sqlite` for a name of one of the three databases in any case
/// (`postgresql` and `mariadb` too); `None` for any other name.
///
/// ```
/// use migrate_graph::portability::canonical_database;
///
/// assert_eq!(canonical_database("MariaDB"), Some("mysql"));
/// assert_eq!(canonical_database("oracle"), None);
/// ```
pub fn canonical_database(name: &str) -> Option<&'static str> {
    match name.to_ascii_lowercase().as_str() {
        "postgres" | "postgresql" => Some("postgres"),
        "mysql" | "mariadb" => Some("mysql"),
        "sqlite" => Some("sqlite"),
        _ => None,
    }
}

/// The name users know a database by (`PostgreSQL`), from its declared name (`postgres`).
pub fn display_name(database: &str) -> &str {
    (DATABASES.iter())
        .find(|(name, ..)| *name == database)
        .map_or(database, |(_, shown, _)| shown)
}

/// The variant of the runtime's `Dialect` (`Postgres`), from a declared name (`postgres`), as
/// generated code and written migrations spell it.
pub fn dialect_variant(database: &str) -> &str {
    (DATABASES.iter())
        .find(|(name, ..)| *name == database)
        .map_or(database, |(.., variant)| variant)
}

/// The declared name (`postgres`) of a variant of the runtime's `Dialect` (`Postgres`).
pub fn of_dialect_variant(variant: &str) -> Option<&'static str> {
    (DATABASES.iter())
        .find(|(.., known)| *known == variant)
        .map(|(name, ..)| *name)
}

/// A builder call that some databases cannot run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotPortable {
    /// The path a chain of builder calls starts with (`op::create_index`, `Column::new`), or
    /// a path that is refused wherever it appears (`op::drop_unnamed_check`).
    pub root: &'static str,
    /// The method on the chain that the databases refuse; `None`: the root itself.
    pub method: Option<&'static str>,
    /// The databases that refuse it, by their declared names.
    pub refused_by: &'static [&'static str],
    /// What they lack.
    pub feature: &'static str,
    /// What to do instead.
    pub alternative: &'static str,
}

/// A partial index (`create_index(…).where_sql(…)`).
pub const PARTIAL_INDEX: NotPortable = NotPortable {
    root: "op::create_index",
    method: Some("where_sql"),
    refused_by: &["mysql"],
    feature: "partial indexes",
    alternative: "index the whole table, or index a generated column",
};

/// `CREATE INDEX CONCURRENTLY`.
pub const CONCURRENT_INDEX: NotPortable = NotPortable {
    root: "op::create_index",
    method: Some("concurrently"),
    refused_by: &["mysql", "sqlite"],
    feature: "CONCURRENTLY",
    alternative: "leave `.concurrently()` out on this database",
};

/// `DROP INDEX CONCURRENTLY`.
pub const CONCURRENT_DROP_INDEX: NotPortable = NotPortable {
    root: "op::drop_index",
    ..CONCURRENT_INDEX
};

/// A column's identity changed in place (`alter_column(…).add_identity(…)`).
pub const IDENTITY_CHANGE: NotPortable = NotPortable {
    root: "op::alter_column",
    method: Some("add_identity"),
    refused_by: &["mysql", "sqlite"],
    feature: "way to change a column's identity in place (PostgreSQL has one)",
    alternative: "write it with `op::execute` (MySQL: `ALTER TABLE … MODIFY … AUTO_INCREMENT`), or leave the change out on this database",
};

/// A column's comment changed in place.
pub const COMMENT_CHANGE: NotPortable = NotPortable {
    root: "op::alter_column",
    method: Some("comment"),
    refused_by: &["sqlite"],
    feature: "way to change a column's comment in place",
    alternative: "leave the comment change out on SQLite",
};

/// A constraint dropped by its columns, having no name (SQLite's).
pub const UNNAMED_CONSTRAINT: NotPortable = NotPortable {
    root: "op::drop_unnamed_constraint",
    method: None,
    refused_by: &["postgres", "mysql"],
    feature: "constraint without a name (it names every one)",
    alternative: "drop it by the name its catalog gives, with `op::drop_constraint`",
};

/// A virtual generated column.
pub const VIRTUAL_GENERATED: NotPortable = NotPortable {
    root: "Column::new",
    method: Some("generated_virtual"),
    refused_by: &["postgres"],
    feature: "virtual generated columns",
    alternative: "use `.generated(…)`, a stored one",
};

/// Every builder call some database cannot run, as the macro looks for them.
pub const NOT_PORTABLE: [NotPortable; 10] = [
    PARTIAL_INDEX,
    CONCURRENT_INDEX,
    CONCURRENT_DROP_INDEX,
    IDENTITY_CHANGE,
    NotPortable {
        method: Some("set_identity"),
        ..IDENTITY_CHANGE
    },
    NotPortable {
        method: Some("drop_identity"),
        ..IDENTITY_CHANGE
    },
    COMMENT_CHANGE,
    UNNAMED_CONSTRAINT,
    NotPortable {
        root: "op::drop_unnamed_check",
        ..UNNAMED_CONSTRAINT
    },
    VIRTUAL_GENERATED,
];

/// The entries of [`NOT_PORTABLE`] for a chain's root and a method called on it (`None`: the
/// root alone), each with a database of `declared` that refuses it.
pub fn refusals<'a>(
    root: &'a str,
    method: Option<&'a str>,
    declared: &'a [&'a str],
) -> impl Iterator<Item = (&'static NotPortable, &'a str)> + 'a {
    (NOT_PORTABLE.iter())
        .filter(move |entry| entry.root == root && entry.method == method)
        .flat_map(move |entry| {
            (declared.iter())
                .filter(|database| entry.refused_by.contains(database))
                .map(move |database| (entry, *database))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_refused_by_the_declared_databases_that_lack_it() {
        let refused: Vec<&str> = refusals("op::create_index", Some("where_sql"), &["postgres"])
            .map(|(_, database)| database)
            .collect();
        assert!(refused.is_empty());
        let refused: Vec<&str> = refusals(
            "op::create_index",
            Some("concurrently"),
            &["postgres", "mysql", "sqlite"],
        )
        .map(|(_, database)| database)
        .collect();
        assert_eq!(refused, ["mysql", "sqlite"]);
        let root_alone = refusals("op::drop_unnamed_check", None, &["mysql"]).count();
        assert_eq!(root_alone, 1);
        assert_eq!(display_name("mysql"), "MySQL");
        assert_eq!(dialect_variant("mysql"), "MySql");
        assert_eq!(of_dialect_variant("Sqlite"), Some("sqlite"));
    }
}
