//! Names for the constraints a migration leaves unnamed, from a naming convention (Alembic's
//! `naming_convention`), so that every database gets the same names and a later migration can
//! drop a constraint by name on any of them.
//!
//! The default is PostgreSQL's own scheme (`users_pkey`, `users_email_key`,
//! `orders_user_id_fkey`, `orders_total_check`), shortened the way PostgreSQL shortens names
//! past 63 bytes: on PostgreSQL the names are the ones it would choose itself, and MySQL and
//! SQLite get the same ones instead of `orders_ibfk_1` or none at all.

/// How unnamed primary keys, foreign keys, unique and check constraints are named.
///
/// A template may use `{table}`, `{columns}` (the constraint's columns joined by `_`),
/// `{column_0}` (its first column) and `{referred_table}` (a foreign key's).
///
/// ```
/// use migrate_runtime::NamingConvention;
///
/// let alembic_style = NamingConvention::postgres()
///     .foreign_key("fk_{table}_{columns}_{referred_table}")
///     .unique("uq_{table}_{columns}");
/// assert!(alembic_style.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamingConvention {
    primary_key: Template,
    foreign_key: Template,
    unique: Template,
    check: Template,
}

/// A name template, or PostgreSQL's scheme with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Template {
    /// `table[_columns]_label`, shortened as PostgreSQL shortens its own names.
    Postgres(&'static str),
    /// A template with placeholders.
    Custom(String),
}

/// A template with a placeholder no constraint has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the naming template `{template}` uses `{placeholder}`; a template may use {{table}}, {{columns}}, {{column_0}} and {{referred_table}}"
)]
pub struct NamingError {
    /// The template.
    pub template: String,
    /// The unknown placeholder.
    pub placeholder: String,
}

/// The placeholders a template may use.
const PLACEHOLDERS: [&str; 4] = ["{table}", "{columns}", "{column_0}", "{referred_table}"];

/// The longest name PostgreSQL keeps, in bytes.
const POSTGRES_NAME_BYTES: usize = 63;

impl Default for NamingConvention {
    fn default() -> Self {
        NamingConvention::postgres()
    }
}

impl NamingConvention {
    /// PostgreSQL's own names, on every database (the default).
    pub fn postgres() -> Self {
        NamingConvention {
            primary_key: Template::Postgres("pkey"),
            foreign_key: Template::Postgres("fkey"),
            unique: Template::Postgres("key"),
            check: Template::Postgres("check"),
        }
    }

    /// The template of primary keys, such as `pk_{table}`.
    pub fn primary_key(mut self, template: &str) -> Self {
        self.primary_key = Template::Custom(template.to_owned());
        self
    }

    /// The template of foreign keys, such as `fk_{table}_{columns}_{referred_table}`.
    pub fn foreign_key(mut self, template: &str) -> Self {
        self.foreign_key = Template::Custom(template.to_owned());
        self
    }

    /// The template of unique constraints, such as `uq_{table}_{columns}`.
    pub fn unique(mut self, template: &str) -> Self {
        self.unique = Template::Custom(template.to_owned());
        self
    }

    /// The template of check constraints, such as `ck_{table}_{columns}` (the columns are
    /// the one column of the table that the condition names, when it names exactly one).
    pub fn check(mut self, template: &str) -> Self {
        self.check = Template::Custom(template.to_owned());
        self
    }

    /// Every template checked: an unknown placeholder is an error (reported when a migrator is
    /// made, before anything runs).
    pub fn validate(&self) -> Result<(), NamingError> {
        let templates = [
            &self.primary_key,
            &self.foreign_key,
            &self.unique,
            &self.check,
        ];
        templates.into_iter().try_for_each(Template::validate)
    }

    // Each name below takes `number`: 0 for the name itself, 1, 2, … for the numbered names
    // that stand in when it is taken (PostgreSQL's `orders_price_check1`).

    pub(crate) fn primary_key_name(&self, table: &str, number: usize) -> String {
        self.primary_key.name(table, &[], "", number)
    }

    pub(crate) fn foreign_key_name(
        &self,
        table: &str,
        columns: &[String],
        referred: &str,
        number: usize,
    ) -> String {
        self.foreign_key.name(table, columns, referred, number)
    }

    pub(crate) fn unique_name(&self, table: &str, columns: &[String], number: usize) -> String {
        self.unique.name(table, columns, "", number)
    }

    pub(crate) fn check_name(&self, table: &str, column: Option<&str>, number: usize) -> String {
        let columns: Vec<String> = column.map(str::to_owned).into_iter().collect();
        self.check.name(table, &columns, "", number)
    }
}

impl Template {
    fn validate(&self) -> Result<(), NamingError> {
        let Template::Custom(template) = self else {
            return Ok(());
        };
        let mut rest = template.as_str();
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .map_or(rest.len(), |e| start + e + 1);
            let placeholder = &rest[start..end];
            if !PLACEHOLDERS.contains(&placeholder) {
                return Err(NamingError {
                    template: template.to_owned(),
                    placeholder: placeholder.to_owned(),
                });
            }
            rest = &rest[end..];
        }
        Ok(())
    }

    fn name(&self, table: &str, columns: &[String], referred: &str, number: usize) -> String {
        // A table of another schema is named as PostgreSQL names it: by its own name.
        let table = crate::dialect::split_table(table).1;
        let referred = crate::dialect::split_table(referred).1;
        let joined = columns.join("_");
        // PostgreSQL numbers the label, then shortens the whole: still 63 bytes at most.
        let number = match number {
            0 => String::new(),
            n => n.to_string(),
        };
        match self {
            Template::Postgres(label) => postgres_name(
                table,
                (!joined.is_empty()).then_some(joined.as_str()),
                &format!("{label}{number}"),
            ),
            Template::Custom(template) => {
                let template = match joined.is_empty() {
                    // An empty list takes its separator with it.
                    true => template
                        .replace("_{columns}", "")
                        .replace("_{column_0}", ""),
                    false => template.clone(),
                };
                let name = template
                    .replace("{table}", table)
                    .replace("{columns}", &joined)
                    .replace("{column_0}", columns.first().map_or("", String::as_str))
                    .replace("{referred_table}", referred);
                name + &number
            }
        }
    }
}

/// PostgreSQL's `makeObjectName`: `name1[_name2]_label`, the longer of the two names cut a
/// character at a time until the whole fits in 63 bytes.
fn postgres_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let available = POSTGRES_NAME_BYTES.saturating_sub(overhead);
    let mut keep1 = name1.len();
    let mut keep2 = name2.map_or(0, str::len);
    while keep1 + keep2 > available {
        if keep1 > keep2 {
            keep1 -= 1;
        } else {
            keep2 -= 1;
        }
    }
    let mut name = clip(name1, keep1).to_owned();
    if let Some(name2) = name2 {
        name.push('_');
        name.push_str(clip(name2, keep2));
    }
    name.push('_');
    name.push_str(label);
    name
}

/// The longest prefix of `text` of at most `bytes` bytes that ends on a character boundary.
fn clip(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_names_are_postgresqls_own() {
        let names = NamingConvention::default();
        assert_eq!(names.primary_key_name("users", 0), "users_pkey");
        assert_eq!(
            names.unique_name("users", &["email".into()], 0),
            "users_email_key"
        );
        assert_eq!(
            names.foreign_key_name("orders", &["user_id".into()], "users", 0),
            "orders_user_id_fkey"
        );
        assert_eq!(
            names.check_name("orders", Some("total"), 0),
            "orders_total_check"
        );
        assert_eq!(names.check_name("orders", None, 0), "orders_check");
        // As PostgreSQL 15 names a UNIQUE column `a_rather_long_column` of a 60-character table.
        let long = "t".repeat(60);
        let name = names.unique_name(&long, &["a_rather_long_column".into()], 0);
        assert_eq!(name.len(), 63);
        assert_eq!(name, format!("{}_a_rather_long_column_key", "t".repeat(38)));
        // Numbered, as PostgreSQL numbers a second such name: still 63 bytes.
        let second = names.unique_name(&long, &["a_rather_long_column".into()], 1);
        assert_eq!(
            second,
            format!("{}_a_rather_long_column_key1", "t".repeat(37))
        );
    }

    #[test]
    fn templates_fill_their_placeholders_and_refuse_unknown_ones() {
        let names = NamingConvention::postgres()
            .foreign_key("fk_{table}_{columns}_{referred_table}")
            .check("ck_{table}_{columns}");
        assert!(names.validate().is_ok());
        assert_eq!(
            names.foreign_key_name("orders", &["a".into(), "b".into()], "users", 0),
            "fk_orders_a_b_users"
        );
        assert_eq!(names.check_name("orders", None, 0), "ck_orders");
        let error = NamingConvention::postgres()
            .unique("uq_{tabel}")
            .validate()
            .unwrap_err();
        assert_eq!(error.placeholder, "{tabel}");
    }
}
