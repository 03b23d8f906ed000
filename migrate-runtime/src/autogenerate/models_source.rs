//! A schema as the Rust of `#[derive(Model)]` structs: `migrate models --from-database` for
//! a team adopting migrate on an existing database: columns with their identity, generation
//! and collation, indexes with their expressions and key options; a default written per
//! database keeps PostgreSQL's spelling.

use std::collections::{BTreeMap, BTreeSet};

use super::field_types;
use crate::schema::{DefaultValue, KeyOptions, ReferentialAction, Type};
use crate::state::{ColumnState, IndexState, Schema, Table};

/// One `#[derive(Model)]` struct per table of `schema`, with the `use` lines they need.
///
/// ```
/// use migrate_runtime::autogenerate::models_source;
/// use migrate_runtime::prelude::*;
/// use migrate_runtime::state::Schema;
///
/// let mut schema = Schema::default();
/// let users = op::create_table("users")
///     .column(Column::new("id", Type::BigSerial).primary_key())
///     .column(Column::new("email", Type::Varchar(255)).not_null());
/// schema.apply(&users.into()).unwrap();
/// let source = models_source(&schema);
/// assert!(source.contains("#[model(table = \"users\")]\npub struct User {"));
/// assert!(source.contains("#[column(len = 255)]\n    pub email: String,"));
/// ```
pub fn models_source(schema: &Schema) -> String {
    let mut written = Written {
        uses: BTreeSet::from(["use migrate_runtime::model::Model;".to_owned()]),
        enums: BTreeMap::new(),
    };
    let mut structs = Vec::new();
    let mut names = BTreeSet::new();
    for table in schema.tables.values() {
        let name = struct_name(&table.name, &names);
        names.insert(name.clone());
        structs.push(model(table, &name, &mut written));
    }
    let uses: Vec<String> = written.uses.into_iter().collect();
    structs.extend(written.enums.into_values());
    format!("{}\n\n{}", uses.join("\n"), structs.join("\n\n"))
}

/// What the structs need beside them: `use` lines and `ModelEnum` definitions (by name).
struct Written {
    uses: BTreeSet<String>,
    enums: BTreeMap<String, String>,
}

impl Written {
    /// The Rust enum for the enum type `name` of `values`, written once; its name.
    fn enumeration(&mut self, name: &str, values: &[String]) -> String {
        let rust = camel_case(name);
        if !self.enums.contains_key(&rust) {
            let mut variants = Vec::new();
            let mut taken = BTreeSet::new();
            for value in values {
                let mut variant = camel_case(value);
                if variant.starts_with("Table") && !value.starts_with("table") {
                    variant = format!("V{}", &variant["Table".len()..]);
                }
                while !taken.insert(variant.clone()) {
                    variant.push('_');
                }
                let rename = match snake_case(&variant) == *value {
                    true => String::new(),
                    false => format!("    #[model_enum(rename = {value:?})]\n"),
                };
                variants.push(format!("{rename}    {variant},\n"));
            }
            self.enums.insert(
                rust.clone(),
                format!(
                    "#[derive(Debug, ModelEnum)]\n#[model_enum(name = {name:?})]\npub enum {rust} {{\n{}}}",
                    variants.concat()
                ),
            );
        }
        rust
    }
}

/// `OrderStatus` → `order_status`, as `#[derive(ModelEnum)]` names a variant's value.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn model(table: &Table, struct_name: &str, written: &mut Written) -> String {
    let mut model_args = vec![format!("table = {:?}", table.name)];
    let key: Vec<&str> = table
        .primary_key
        .iter()
        .flat_map(|key| key.columns.iter().map(String::as_str))
        .collect();
    if key.len() > 1 {
        model_args.push(format!("primary_key({})", fields(&key)));
    }
    for unique in table.uniques.iter().filter(|u| u.columns.len() > 1) {
        let columns: Vec<&str> = unique.columns.iter().map(String::as_str).collect();
        model_args.push(format!("unique({})", fields(&columns)));
    }
    let single_index = |column: &str| {
        table.indexes.iter().any(|index| {
            index.columns == [column]
                && !index.unique
                && index.where_sql.is_none()
                && index.name == format!("ix_{}_{column}", table.name)
        })
    };
    for index in &table.indexes {
        if let [column] = index.columns.as_slice()
            && single_index(column)
        {
            continue;
        }
        model_args.push(index_arg(table, index));
    }
    for check in &table.checks {
        let mut args = vec![format!("sql = {:?}", check.condition)];
        if let Some(name) = &check.name {
            args.push(format!("name = {name:?}"));
        }
        model_args.push(format!("check({})", args.join(", ")));
    }
    if let Some(comment) = &table.comment {
        model_args.push(format!("comment = {comment:?}"));
    }
    for key in table.foreign_keys.iter().filter(|k| k.columns.len() > 1) {
        let columns: Vec<&str> = key.columns.iter().map(String::as_str).collect();
        let mut args = vec![
            fields(&columns),
            format!(
                "references = \"{}({})\"",
                key.referred_table,
                key.referred_columns.join(", ")
            ),
        ];
        for (what, action) in [("on_delete", key.on_delete), ("on_update", key.on_update)] {
            if let Some(action) = action.filter(|a| *a != ReferentialAction::NoAction) {
                args.push(format!("{what} = {:?}", action_text(action)));
            }
        }
        model_args.push(format!("foreign_key({})", args.join(", ")));
    }
    let mut out = String::new();
    out.push_str(&format!(
        "#[derive(Debug, Model)]\n#[model({})]\npub struct {} {{\n",
        model_args.join(", "),
        struct_name
    ));
    for column in &table.columns {
        let keyed = key == [column.name.as_str()];
        out.push_str(&field(
            table,
            column,
            keyed,
            single_index(&column.name),
            written,
        ));
    }
    out.push('}');
    out
}

/// `index(…)` for `index`: its fields and expressions in order, and its options.
fn index_arg(table: &Table, index: &IndexState) -> String {
    let mut args: Vec<String> = (index.columns.iter())
        .map(|key| match is_column(table, key) {
            true => field_name(key),
            false => format!("expr = {key:?}"),
        })
        .collect();
    args.push(format!("name = {:?}", index.name));
    if index.unique {
        args.push("unique".to_owned());
    }
    if let Some(condition) = &index.where_sql {
        args.push(format!("where_sql = {condition:?}"));
    }
    // Options are said of fields (a model cannot order an expression key).
    let with = |wanted: &dyn Fn(&KeyOptions) -> bool| -> Vec<&str> {
        (index.columns.iter())
            .filter(|key| is_column(table, key))
            .filter(|key| index.key_options.get(*key).is_some_and(wanted))
            .map(String::as_str)
            .collect()
    };
    let lists: [(&str, Vec<&str>); 3] = [
        ("desc", with(&|key| key.descending)),
        ("nulls_first", with(&|key| key.nulls_first == Some(true))),
        ("nulls_last", with(&|key| key.nulls_first == Some(false))),
    ];
    for (option, columns) in lists {
        if !columns.is_empty() {
            args.push(format!("{option}({})", fields(&columns)));
        }
    }
    let prefixes: Vec<String> = (index.columns.iter())
        .filter_map(|key| {
            let length = index.key_options.get(key)?.prefix?;
            Some(format!("{} = {length}", field_name(key)))
        })
        .collect();
    if !prefixes.is_empty() {
        args.push(format!("prefix({})", prefixes.join(", ")));
    }
    if !index.include.is_empty() {
        let stored: Vec<&str> = index.include.iter().map(String::as_str).collect();
        args.push(format!("include({})", fields(&stored)));
    }
    format!("index({})", args.join(", "))
}

fn field(
    table: &Table,
    column: &ColumnState,
    keyed: bool,
    indexed: bool,
    written: &mut Written,
) -> String {
    let mut args = Vec::new();
    let name = field_name(&column.name);
    if name.trim_start_matches("r#") != column.name {
        args.push(format!("name = {:?}", column.name));
    }
    if keyed {
        args.push("primary_key".to_owned());
        if matches!(column.ty, Type::Integer | Type::BigInt) && column.identity.is_none() {
            args.push("auto_increment = false".to_owned());
        }
    }
    if let Some(identity) = &column.identity {
        let mut options = Vec::new();
        if identity.always {
            options.push("always".to_owned());
        }
        options.extend(identity.start.map(|start| format!("start = {start}")));
        options.extend(identity.increment.map(|step| format!("increment = {step}")));
        args.push(match options.is_empty() {
            true => "identity".to_owned(),
            false => format!("identity({})", options.join(", ")),
        });
    }
    if let Some(generated) = &column.generated {
        let kind = match generated.stored {
            true => "generated",
            false => "generated_virtual",
        };
        args.push(format!("{kind} = {:?}", generated.expression));
    }
    if let Some(collation) = &column.collation {
        args.push(format!("collation = {collation:?}"));
    }
    let (rust, type_args) = rust_type(&column.ty, keyed, written);
    args.extend(type_args);
    let unique = table
        .uniques
        .iter()
        .any(|u| u.columns == [column.name.as_str()]);
    if unique {
        args.push("unique".to_owned());
    }
    if indexed {
        args.push("index".to_owned());
    }
    if let (Some(default), None) = (&column.default, &column.generated) {
        args.push(default_arg(default));
    }
    let key = table
        .foreign_keys
        .iter()
        .find(|k| k.columns == [column.name.as_str()]);
    if let Some(key) = key
        && let [referred] = key.referred_columns.as_slice()
    {
        args.push(format!(
            "references = \"{}.{referred}\"",
            key.referred_table
        ));
        for (what, action) in [("on_delete", key.on_delete), ("on_update", key.on_update)] {
            if let Some(action) = action.filter(|a| *a != ReferentialAction::NoAction) {
                args.push(format!("{what} = {:?}", action_text(action)));
            }
        }
    }
    if let Some(comment) = &column.comment {
        args.push(format!("comment = {comment:?}"));
    }
    let rust = match column.nullable {
        true => format!("Option<{rust}>"),
        false => rust,
    };
    let attribute = match args.is_empty() {
        true => String::new(),
        false => format!("    #[column({})]\n", args.join(", ")),
    };
    format!("{attribute}    pub {name}: {rust},\n")
}

/// The field type for `ty`, and the column arguments it needs.
fn rust_type(ty: &Type, keyed: bool, written: &mut Written) -> (String, Vec<String>) {
    if let Type::Enum { name, values } = ty {
        written
            .uses
            .insert("use migrate_runtime::model::ModelEnum;".to_owned());
        return (written.enumeration(name, values), Vec::new());
    }
    let field = field_types::field_type(ty, keyed);
    if let Some(line) = field.using {
        written.uses.insert(line.to_owned());
    }
    (field.rust, field.args)
}

fn default_arg(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Text(text) => format!("default = {text:?}"),
        DefaultValue::Integer(value) => format!("default = {value}"),
        DefaultValue::Float(value) => format!("default = {value:?}"),
        DefaultValue::Boolean(value) => format!("default = {value}"),
        DefaultValue::Now => "default = now".to_owned(),
        DefaultValue::CurrentDate => "default = current_date".to_owned(),
        DefaultValue::RandomUuid => "default = random_uuid".to_owned(),
        DefaultValue::Sql(sql) => format!("default_sql = {sql:?}"),
        DefaultValue::PerDialect(per) => format!("default_sql = {:?}", per.postgres),
    }
}

fn action_text(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "no action",
        ReferentialAction::Restrict => "restrict",
        ReferentialAction::Cascade => "cascade",
        ReferentialAction::SetNull => "set null",
        ReferentialAction::SetDefault => "set default",
    }
}

fn is_column(table: &Table, name: &str) -> bool {
    table.column(name).is_some()
}

/// Field names for `columns`, as a model attribute lists them.
fn fields(columns: &[&str]) -> String {
    let names: Vec<String> = columns.iter().map(|c| field_name(c)).collect();
    names.join(", ")
}

/// The field for a column: its name where that is a Rust identifier (a keyword raw), else the
/// name in snake case (the column's name then given with `name = …`).
fn field_name(column: &str) -> String {
    let snake: String = column
        .chars()
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c.to_ascii_lowercase(),
            false => '_',
        })
        .collect();
    let snake = match snake.starts_with(|c: char| c.is_ascii_digit()) || snake.is_empty() {
        true => format!("c_{snake}"),
        false => snake,
    };
    match KEYWORDS.contains(&snake.as_str()) {
        true if !matches!(snake.as_str(), "self" | "super" | "crate" | "Self") => {
            format!("r#{snake}")
        }
        true => format!("{snake}_"),
        false => snake,
    }
}

const KEYWORDS: [&str; 51] = [
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names a model's struct must not take: what the generated code and the prelude use.
const TAKEN_TYPES: [&str; 12] = [
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Model", "Self",
    "Decimal",
];

/// `user_sessions` → `UserSession`: the table's name in upper camel case, a plural `s` (or
/// `ies`) made singular; the plural kept, then a number added, where the name is taken by
/// another model (`user` and `users`) or a type the code uses (`options`).
fn struct_name(table: &str, taken: &BTreeSet<String>) -> String {
    let singular = if let Some(stem) = table.strip_suffix("ies") {
        format!("{stem}y")
    } else if table.ends_with("ss") {
        table.to_owned()
    } else {
        table.strip_suffix('s').unwrap_or(table).to_owned()
    };
    let free = |name: &String| !taken.contains(name) && !TAKEN_TYPES.contains(&name.as_str());
    let candidates = [camel_case(&singular), camel_case(table)];
    if let Some(name) = candidates.iter().find(|name| free(name)) {
        return name.clone();
    }
    (2..)
        .map(|n| format!("{}{n}", candidates[1]))
        .find(free)
        .unwrap_or_default()
}

/// `order_status` → `OrderStatus`; a word in capitals is one word (`INF_POS` → `InfPos`).
fn camel_case(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let shouting = !part.chars().any(|c| c.is_ascii_lowercase());
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            match shouting {
                true => out.extend(chars.map(|c| c.to_ascii_lowercase())),
                false => out.extend(chars),
            }
        }
    }
    match out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        true => out,
        false => format!("Table{out}"),
    }
}
