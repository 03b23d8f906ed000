//! Values added to an enum type: every column of the type takes them.

use super::{ReplayError, Schema};
use crate::dialect::Dialect;
use crate::op::AlterEnum;
use crate::schema::Type;

impl Schema {
    /// Add the values of `alter` to its type and to every column of it. Read as MySQL or
    /// SQLite reads it (or wherever the op lists them), the values it names as there before and
    /// the columns it names must be the schema's: those databases change exactly those columns.
    pub(super) fn alter_enum(
        &mut self,
        alter: &AlterEnum,
        dialect: Option<Dialect>,
    ) -> Result<(), ReplayError> {
        let mut users: Vec<(String, String)> = Vec::new();
        let mut used_values = None;
        for table in self.tables.values() {
            for column in &table.columns {
                if let Type::Enum { name, values } = &column.ty
                    && *name == alter.name
                {
                    users.push((table.name.clone(), column.name.clone()));
                    used_values.get_or_insert_with(|| values.clone());
                }
            }
        }
        users.sort();
        let mismatch = |reason: String| ReplayError::EnumValues {
            name: alter.name.clone(),
            reason,
        };
        let Some(values) = self.enums.get(&alter.name).cloned().or(used_values) else {
            return Err(ReplayError::NoSuchEnum(alter.name.clone()));
        };
        let after = alter.values_after(&values).ok_or_else(|| {
            mismatch(format!(
                "it has the values {values:?}: a value added is there already, or goes before \
                 one that is not"
            ))
        })?;
        let lists_read = dialect.is_some_and(|dialect| dialect != Dialect::Postgres);
        if (lists_read || !alter.existing.is_empty()) && alter.existing != values {
            return Err(mismatch(format!(
                "it has the values {values:?}, and the op says {:?}: give them with \
                 `.existing([...])` (MySQL and SQLite write the whole list on each column)",
                alter.existing
            )));
        }
        let mut listed = alter.columns.clone();
        listed.sort();
        if (lists_read || !listed.is_empty()) && listed != users {
            let names = |columns: &[(String, String)]| {
                let names: Vec<String> = (columns.iter())
                    .map(|(table, column)| format!("{table}.{column}"))
                    .collect();
                format!("[{}]", names.join(", "))
            };
            return Err(mismatch(format!(
                "its columns are {}, and the op names {}: name each with `.column(table, \
                 column)` (MySQL and SQLite keep the values on each column)",
                names(&users),
                names(&listed)
            )));
        }
        let ty = Type::Enum {
            name: alter.name.clone(),
            values: after.clone(),
        };
        for (table, column) in &users {
            let column = (self.tables.get_mut(table))
                .and_then(|table| table.columns.iter_mut().find(|c| c.name == *column));
            if let Some(column) = column {
                column.ty = ty.clone();
            }
        }
        self.enums.insert(alter.name.clone(), after);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::op;
    use crate::schema::{Column, Type};
    use crate::state::Schema;

    fn posts_and_archive() -> Schema {
        let status = Type::enumeration("status", ["draft", "published"]);
        let mut schema = Schema::default();
        for table in ["posts", "archive"] {
            let create = op::create_table(table).column(Column::new("status", status.clone()));
            schema.apply(&create.into()).unwrap();
        }
        schema
    }

    #[test]
    fn every_column_of_the_type_takes_the_values() {
        let mut schema = posts_and_archive();
        let alter = op::alter_enum("status")
            .existing(["draft", "published"])
            .add_value("archived")
            .column("posts", "status")
            .column("archive", "status");
        schema.apply_for(&alter.into(), Dialect::MySql).unwrap();
        let after = Type::enumeration("status", ["draft", "published", "archived"]);
        for table in ["posts", "archive"] {
            let column = schema.table(table).and_then(|t| t.column("status"));
            assert_eq!(column.map(|c| &c.ty), Some(&after), "{table}");
        }
    }

    #[test]
    fn mysql_and_sqlite_need_every_column_and_the_values_there() {
        let alter = op::alter_enum("status")
            .existing(["draft", "published"])
            .add_value("archived")
            .column("posts", "status");
        for dialect in [Dialect::MySql, Dialect::Sqlite] {
            let refused = posts_and_archive().apply_for(&alter.clone().into(), dialect);
            assert_eq!(
                refused.unwrap_err().to_string(),
                "values added to the enum type `status` do not fit: its columns are \
                 [archive.status, posts.status], and the op names [posts.status]: name each \
                 with `.column(table, column)` (MySQL and SQLite keep the values on each column)"
            );
        }
        // PostgreSQL changes the type itself: the bare op is enough there.
        let bare = op::alter_enum("status").add_value("archived");
        let mut schema = posts_and_archive();
        schema.apply_for(&bare.into(), Dialect::Postgres).unwrap();
        let stale = op::alter_enum("status")
            .existing(["draft"])
            .add_value("x")
            .column("posts", "status")
            .column("archive", "status");
        let refused = posts_and_archive().apply_for(&stale.into(), Dialect::Sqlite);
        assert!(refused.unwrap_err().to_string().contains(".existing("));
    }
}
