//! Which tables migrate compares: the tables of other tools out (Alembic's `alembic_version`,
//! sqlx's `_sqlx_migrations`, …), and the user's own include and exclude patterns, as
//! Alembic's `include_name` hook does. Drift, autogenerate and `models --from-database` see
//! only the tables a filter admits, on both sides of a comparison.

use super::{ObjectKind, Schema};

/// The bookkeeping tables of other migration tools and frameworks, left out unless an
/// include pattern names them.
pub const OTHER_TOOLS_TABLES: &[&str] = &[
    "alembic_version",
    "_sqlx_migrations",
    "refinery_schema_history",
    "__diesel_schema_migrations",
    "seaql_migrations",
    "flyway_schema_history",
    "goose_db_version",
    "schema_migrations",
    "ar_internal_metadata",
    "django_migrations",
    "knex_migrations",
    "knex_migrations_lock",
    "_prisma_migrations",
    "atlas_schema_revisions",
];

/// Which tables are compared, by name: those an include pattern matches (every table when
/// there is none), but those an exclude pattern matches and the [other tools'
/// tables](OTHER_TOOLS_TABLES). Patterns are globs: `*` any run of characters, `?` one,
/// `[abc]` one of a set.
///
/// ```
/// use migrate_runtime::state::TableFilter;
///
/// let filter = TableFilter::default().exclude(["legacy_*"]).unwrap();
/// assert!(filter.admits("users"));
/// assert!(!filter.admits("legacy_orders"));
/// assert!(!filter.admits("alembic_version"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableFilter {
    include: Vec<glob::Pattern>,
    exclude: Vec<glob::Pattern>,
}

/// A table pattern that is not a glob.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the table pattern `{pattern}` is not a valid glob: {reason}")]
pub struct PatternError {
    /// The pattern.
    pub pattern: String,
    /// What is wrong with it.
    pub reason: String,
}

impl TableFilter {
    /// Compare only the tables these patterns match (added to any given before).
    pub fn include<S: AsRef<str>>(
        mut self,
        patterns: impl IntoIterator<Item = S>,
    ) -> Result<Self, PatternError> {
        self.include.extend(parse(patterns)?);
        Ok(self)
    }

    /// Leave out the tables these patterns match (added to any given before).
    pub fn exclude<S: AsRef<str>>(
        mut self,
        patterns: impl IntoIterator<Item = S>,
    ) -> Result<Self, PatternError> {
        self.exclude.extend(parse(patterns)?);
        Ok(self)
    }

    /// This filter and `other`'s patterns together.
    pub fn merged(mut self, other: &TableFilter) -> Self {
        self.include.extend(other.include.iter().cloned());
        self.exclude.extend(other.exclude.iter().cloned());
        self
    }

    /// Whether the table `name` is compared.
    pub fn admits(&self, name: &str) -> bool {
        let included = self.include.iter().any(|pattern| pattern.matches(name));
        let other_tool = OTHER_TOOLS_TABLES.contains(&name);
        (included || (self.include.is_empty() && !other_tool))
            && !self.exclude.iter().any(|pattern| pattern.matches(name))
    }
}

fn parse<S: AsRef<str>>(
    patterns: impl IntoIterator<Item = S>,
) -> Result<Vec<glob::Pattern>, PatternError> {
    patterns
        .into_iter()
        .map(|pattern| {
            let pattern = pattern.as_ref();
            glob::Pattern::new(pattern).map_err(|error| PatternError {
                pattern: pattern.to_owned(),
                reason: error.msg.to_owned(),
            })
        })
        .collect()
}

impl Schema {
    /// The schema with only the tables `filter` admits, and the PostgreSQL enum types but
    /// those only the left-out tables use.
    pub fn filtered(mut self, filter: &TableFilter) -> Schema {
        let (kept, left): (Vec<_>, Vec<_>) = std::mem::take(&mut self.tables)
            .into_iter()
            .partition(|(name, _)| filter.admits(name));
        let uses = |tables: &[(String, super::Table)], name: &str| {
            tables.iter().any(|(_, table)| {
                table.columns.iter().any(|column| {
                    matches!(&column.ty, crate::schema::Type::Enum { name: used, .. } if used == name)
                })
            })
        };
        self.enums
            .retain(|name, _| uses(&kept, name) || !uses(&left, name));
        self.tables = kept.into_iter().collect();
        let tables = &self.tables;
        self.not_described
            .retain(|item| tables.contains_key(&item.table));
        // A trigger, an index or a constraint goes with its table; a view is named as a table
        // is, and so are a schema, an extension and a sequence (a platform's own schemas and
        // extensions are left out by name: `auth` and `auth.*` leave out a schema and its
        // tables).
        self.objects.retain(|object| match &object.table {
            Some(table) => self.tables.contains_key(table),
            None => {
                let named_alike = matches!(
                    object.kind,
                    ObjectKind::Schema
                        | ObjectKind::Domain
                        | ObjectKind::Type
                        | ObjectKind::View
                        | ObjectKind::MaterializedView
                        | ObjectKind::Extension
                        | ObjectKind::Sequence
                );
                !named_alike || filter.admits(&object.name)
            }
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_tools_tables_are_out_unless_included() {
        let filter = TableFilter::default();
        assert!(!filter.admits("alembic_version"));
        assert!(filter.admits("alembic_versions"));
        let filter = filter.include(["alembic_version", "users"]).unwrap();
        assert!(filter.admits("alembic_version"));
        assert!(filter.admits("users"));
        assert!(!filter.admits("orders"));
    }

    #[test]
    fn exclude_wins_over_include() {
        let filter = TableFilter::default()
            .include(["app_*"])
            .unwrap()
            .exclude(["app_tmp_*"])
            .unwrap();
        assert!(filter.admits("app_users"));
        assert!(!filter.admits("app_tmp_1"));
        assert!(!filter.admits("users"));
    }

    #[test]
    fn a_bad_pattern_is_named() {
        let error = TableFilter::default().exclude(["legacy_[x"]).unwrap_err();
        assert_eq!(error.pattern, "legacy_[x");
        assert!(error.to_string().contains("`legacy_[x`"), "{error}");
    }
}
