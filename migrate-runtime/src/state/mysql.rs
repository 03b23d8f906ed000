//! What MySQL and MariaDB do to a table that no op says, in one place: a foreign key gets an
//! index of its own unless one serves it, that index stays when the key goes, and a unique
//! constraint is a unique index. The replay follows these rules, and the comparer reads a
//! catalog through them, so that drift and autogenerate see the same table.

use super::{ForeignKeyState, IndexState, Schema, Table, UniqueState};
use crate::op::DropConstraint;
use crate::schema::ReferentialAction;
use crate::state::UnnamedConstraint;

impl Table {
    /// MySQL gives a foreign key an index of its own (named as the key, else after its first
    /// column) unless another index starts with its columns, and keeps that index when the
    /// key is dropped: dropping the key `drop` names leaves it in the table.
    pub(super) fn keep_foreign_key_index(&mut self, drop: &DropConstraint) {
        let key = match drop.is_unnamed() {
            true => match self.unnamed_constraint(drop.kind, &drop.columns) {
                Some(UnnamedConstraint::ForeignKey(at)) => self.foreign_keys.get(at),
                _ => None,
            },
            false => (self.foreign_keys.iter())
                .find(|key| key.name.as_deref() == Some(drop.name.as_str())),
        };
        let Some(key) = key else { return };
        let starts_with_key = |columns: &[String]| columns.starts_with(&key.columns);
        let served = self
            .indexes
            .iter()
            .any(|index| starts_with_key(&index.columns))
            || self
                .uniques
                .iter()
                .any(|unique| starts_with_key(&unique.columns))
            || (self.primary_key.as_ref()).is_some_and(|pk| starts_with_key(&pk.columns));
        // A name the server made (`orders_ibfk_1`) was not given: the index has the column's.
        let given = |name: &&String| !is_server_named(&self.name, name);
        let name =
            (key.name.as_ref().filter(given).cloned()).or_else(|| key.columns.first().cloned());
        if let (false, Some(name)) = (served, name) {
            let columns = key.columns.clone();
            self.indexes.push(IndexState {
                name,
                columns,
                ..IndexState::default()
            });
        }
    }
}

impl Table {
    /// This table, read from a MySQL catalog, as a team declares it: the index MySQL made for
    /// a foreign key and named as the key goes (the key makes it again; one named otherwise
    /// is left to the comparison), a unique index is a unique constraint, and RESTRICT is NO
    /// ACTION.
    pub(super) fn keys_as_declared(&mut self) {
        let keys = &self.foreign_keys;
        let named_as_its_key = |index: &IndexState| {
            keys.iter()
                .any(|key| key.name.as_deref() == Some(&index.name) && is_index_of(key, index))
        };
        let implicit: Vec<String> = (self.indexes.iter())
            .filter(|index| named_as_its_key(index))
            .map(|index| index.name.clone())
            .collect();
        self.indexes.retain(|index| !implicit.contains(&index.name));
        let (uniques, indexes): (Vec<_>, Vec<_>) = std::mem::take(&mut self.indexes)
            .into_iter()
            .partition(|index| index.unique && index.where_sql.is_none());
        self.indexes = indexes;
        self.uniques
            .extend(uniques.into_iter().map(|index| UniqueState {
                name: Some(index.name),
                columns: index.columns,
            }));
        for key in &mut self.foreign_keys {
            for action in [&mut key.on_delete, &mut key.on_update] {
                if *action == Some(ReferentialAction::Restrict) {
                    *action = None;
                }
            }
        }
    }
}

/// Whether `name` is one MySQL makes for a foreign key of `table` given none: `table_ibfk_N`.
fn is_server_named(table: &str, name: &str) -> bool {
    (name.strip_prefix(table))
        .and_then(|rest| rest.strip_prefix("_ibfk_"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `index` is the one MySQL made for `key` (or kept from it): a plain index on the
/// key's columns, named as the key, or after its first column when the key has no name of
/// its own.
fn is_index_of(key: &ForeignKeyState, index: &IndexState) -> bool {
    !index.unique
        && key.columns == index.columns
        && (key
            .name
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case(&index.name))
            || (key.columns.first()).is_some_and(|first| named_after(&index.name, first)))
}

/// Whether MySQL's name for an index it makes is `column`, or `column_N` (the name taken).
fn named_after(index: &str, column: &str) -> bool {
    let (index, column) = (index.to_ascii_lowercase(), column.to_ascii_lowercase());
    index == column
        || index
            .strip_prefix(column.as_str())
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `index`, of a table that will have `keys`, is the index MySQL would make for one of
/// them: a plain index on a key's columns, which serves that key whatever its name.
pub(crate) fn serves_a_key(index: &IndexState, keys: &[ForeignKeyState]) -> bool {
    !index.unique && keys.iter().any(|key| key.columns == index.columns)
}

/// `found` (a MySQL catalog) without the indexes MySQL made for foreign keys that `expected`
/// has no index of that name for: compared with `expected`, they are part of the key.
pub(crate) fn without_foreign_key_indexes(found: &Schema, expected: &Schema) -> Schema {
    let mut found = found.clone();
    for (name, table) in &mut found.tables {
        // MySQL's index names are without case.
        let declared = |index: &str| {
            (expected.tables.get(name))
                .is_some_and(|t| t.indexes.iter().any(|i| i.name.eq_ignore_ascii_case(index)))
        };
        let implicit: Vec<String> = (table.indexes.iter())
            .filter(|index| {
                let made_for_a_key = table.foreign_keys.iter().any(|key| is_index_of(key, index));
                made_for_a_key && !declared(&index.name)
            })
            .map(|index| index.name.clone())
            .collect();
        table
            .indexes
            .retain(|index| !implicit.contains(&index.name));
    }
    found
}

/// `current`'s unique keys spelled as `to` spells the same keys, on a database where a unique
/// constraint is a unique index (MySQL): each side may say either, and neither is a change.
pub(crate) fn align_unique_spellings(current: &mut Schema, to: &Schema) {
    for (name, table) in &mut current.tables {
        let Some(wanted) = to.tables.get(name) else {
            continue;
        };
        let plain = |index: &IndexState| {
            index.unique
                && index.where_sql.is_none()
                && index.include.is_empty()
                && index.key_options.is_empty()
        };
        let (as_indexes, uniques): (Vec<_>, Vec<_>) = std::mem::take(&mut table.uniques)
            .into_iter()
            .partition(|unique| {
                let wanted_index =
                    |index: &IndexState| plain(index) && index.columns == unique.columns;
                let wanted_unique = |other: &UniqueState| other.columns == unique.columns;
                wanted.indexes.iter().any(wanted_index) && !wanted.uniques.iter().any(wanted_unique)
            });
        let (as_uniques, indexes): (Vec<_>, Vec<_>) = std::mem::take(&mut table.indexes)
            .into_iter()
            .partition(|index| {
                let wanted_index =
                    |other: &IndexState| plain(other) && other.columns == index.columns;
                let wanted_unique = |unique: &UniqueState| unique.columns == index.columns;
                plain(index)
                    && wanted.uniques.iter().any(wanted_unique)
                    && !wanted.indexes.iter().any(wanted_index)
            });
        table.uniques = uniques;
        table.indexes = indexes;
        table.indexes.extend(as_indexes.into_iter().map(|unique| {
            let wanted = wanted
                .indexes
                .iter()
                .find(|index| plain(index) && index.columns == unique.columns);
            IndexState {
                // A unique constraint without a name is an index named by MySQL.
                name: unique
                    .name
                    .or_else(|| wanted.map(|index| index.name.clone()))
                    .unwrap_or_default(),
                columns: unique.columns,
                unique: true,
                where_sql: None,
                key_options: Default::default(),
                include: Vec::new(),
            }
        }));
        table
            .uniques
            .extend(as_uniques.into_iter().map(|index| UniqueState {
                name: Some(index.name),
                columns: index.columns,
            }));
    }
}
