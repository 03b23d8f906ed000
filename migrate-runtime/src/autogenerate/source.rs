//! Changes as the Rust of a migration file: each op as the builder calls that make it, so the
//! file reads as if written by hand. A constraint name the naming convention gives anyway is
//! left out.

use super::Change;
use crate::op::{IdentityChange, Op, SchemaEffect, TableConstraint};
use crate::schema::{
    CheckConstraint, Column, ConstraintKind, DefaultValue, ForeignKey, Identity, NamingConvention,
    ReferentialAction, Type, UniqueConstraint,
};

/// The body of an `upgrade`: `Plan::new()` and one `.op(…)` per change, a destructive one
/// after a comment that says so.
///
/// ```
/// use migrate_runtime::autogenerate::{Change, plan_source};
/// use migrate_runtime::NamingConvention;
/// use migrate_runtime::prelude::*;
///
/// let change = Change {
///     op: op::drop_column("users", "nickname").into(),
///     summary: "dropped column `users.nickname`".into(),
///     destructive: true,
/// };
/// let source = plan_source(&[change], &NamingConvention::default());
/// assert!(source.contains(".op(op::drop_column(\"users\", \"nickname\"))"));
/// assert!(source.contains("// Destructive: dropped column `users.nickname`"));
/// ```
pub fn plan_source(changes: &[Change], convention: &NamingConvention) -> String {
    let mut out = String::from("Plan::new()");
    for change in changes {
        if change.destructive {
            out.push_str(&format!(
                "\n// Destructive: {} (its data is lost)",
                change.summary
            ));
        }
        out.push_str(&format!(
            "\n.op({})",
            op(&unnamed_if_conventional(&change.op, convention))
        ));
    }
    out
}

/// `op` without the constraint names `convention` gives anyway.
fn unnamed_if_conventional(op: &Op, convention: &NamingConvention) -> Op {
    let Op::CreateTable(create) = op else {
        return op.clone();
    };
    let mut bare = create.clone();
    bare.primary_key_name = None;
    for unique in &mut bare.uniques {
        unique.name = None;
    }
    for key in &mut bare.foreign_keys {
        key.name = None;
    }
    for check in &mut bare.checks {
        check.name = None;
    }
    let bare = Op::CreateTable(bare);
    match *bare.named(convention) == *op {
        true => bare,
        false => op.clone(),
    }
}

fn op(written: &Op) -> String {
    match written {
        Op::CreateTable(create) => {
            let mut out = format!("op::create_table({:?})", create.name);
            let single_key = match create.primary_key.as_slice() {
                [one] => Some(one.as_str()),
                _ => None,
            };
            for column in &create.columns {
                let mut column = column.clone();
                column.primary_key |= single_key == Some(column.name.as_str());
                out.push_str(&format!("\n.column({})", column_source(&column)));
            }
            if create.primary_key.len() > 1 {
                out.push_str(&format!(".primary_key({})", strings(&create.primary_key)));
            }
            if let Some(name) = &create.primary_key_name {
                out.push_str(&format!(".primary_key_name({name:?})"));
            }
            for unique in &create.uniques {
                out.push_str(&format!(".unique({})", unique_source(unique)));
            }
            for key in &create.foreign_keys {
                out.push_str(&format!(".foreign_key({})", key_source(key)));
            }
            for check in &create.checks {
                out.push_str(&format!(".check({})", check_source(check)));
            }
            if let Some(comment) = &create.comment {
                out.push_str(&format!(".comment({comment:?})"));
            }
            out
        }
        Op::DropTable(drop) => {
            let mut out = format!("op::drop_table({:?})", drop.name);
            for name in &drop.enum_types {
                out.push_str(&format!(".drop_enum_type({name:?})"));
            }
            out
        }
        Op::RenameTable(rename) => format!("op::rename_table({:?}, {:?})", rename.from, rename.to),
        Op::CommentOnTable(comment) => format!(
            "op::comment_on_table({:?}, {:?})",
            comment.table,
            comment.comment.as_deref()
        ),
        Op::AddColumn(add) => format!(
            "op::add_column({:?}, {})",
            add.table,
            column_source(&add.column)
        ),
        Op::DropColumn(drop) => format!("op::drop_column({:?}, {:?})", drop.table, drop.column),
        Op::AlterColumn(alter) => {
            let mut out = format!("op::alter_column({:?}, {:?})", alter.table, alter.column);
            if let Some(ty) = &alter.ty {
                out.push_str(&format!(".ty({})", type_source(ty)));
            }
            if let Some(using) = &alter.using {
                out.push_str(&format!(".using({using:?})"));
            }
            if let Some(nullable) = alter.nullable {
                out.push_str(&format!(".nullable({nullable})"));
            }
            match &alter.default {
                Some(Some(default)) => out.push_str(&default_source(default)),
                Some(None) => out.push_str(".drop_default()"),
                None => {}
            }
            match &alter.comment {
                Some(Some(comment)) => out.push_str(&format!(".comment(Some({comment:?}))")),
                Some(None) => out.push_str(".comment(None)"),
                None => {}
            }
            match &alter.restated_collation {
                Some(Some(collation)) => out.push_str(&format!(".collation(Some({collation:?}))")),
                Some(None) => out.push_str(".collation(None)"),
                None => {}
            }
            match &alter.identity {
                Some(IdentityChange::Add(identity)) => {
                    out.push_str(&format!(".add_identity({})", identity_source(identity)));
                }
                Some(IdentityChange::Set(identity)) => {
                    out.push_str(&format!(".set_identity({})", identity_source(identity)));
                }
                Some(IdentityChange::Drop) => out.push_str(".drop_identity()"),
                None => {}
            }
            if let Some(name) = &alter.new_name {
                out.push_str(&format!(".rename({name:?})"));
            }
            out
        }
        Op::CreateIndex(create) => {
            let mut out = format!(
                "op::create_index({:?}, {:?}, {})",
                create.name,
                create.table,
                strings(&create.columns)
            );
            if create.unique {
                out.push_str(".unique()");
            }
            if let Some(condition) = &create.where_sql {
                out.push_str(&format!(".where_sql({condition:?})"));
            }
            for (column, key) in &create.key_options {
                if key.descending {
                    out.push_str(&format!(".descending({column:?})"));
                }
                if let Some(first) = key.nulls_first {
                    out.push_str(&format!(".nulls_first({column:?}, {first})"));
                }
                if let Some(length) = key.prefix {
                    out.push_str(&format!(".prefix({column:?}, {length})"));
                }
            }
            if !create.include.is_empty() {
                out.push_str(&format!(".include({})", strings(&create.include)));
            }
            out
        }
        Op::DropIndex(drop) => {
            let mut out = format!("op::drop_index({:?})", drop.name);
            if let Some(table) = &drop.table {
                out.push_str(&format!(".on({table:?})"));
            }
            out
        }
        Op::AddConstraint(add) => match &add.constraint {
            TableConstraint::ForeignKey(key) => {
                let mut out = format!(
                    "op::create_foreign_key({:?}, {:?}, {}, {:?}, {})",
                    key.name.as_deref().unwrap_or_default(),
                    add.table,
                    strings(&key.columns),
                    key.referred_table,
                    strings(&key.referred_columns)
                );
                out.push_str(&actions(key));
                out
            }
            TableConstraint::Unique(unique) => format!(
                "op::create_unique_constraint({:?}, {:?}, {})",
                unique.name.as_deref().unwrap_or_default(),
                add.table,
                strings(&unique.columns)
            ),
            TableConstraint::Check(check) => format!(
                "op::create_check_constraint({:?}, {:?}, {:?})",
                check.name.as_deref().unwrap_or_default(),
                add.table,
                check.condition
            ),
            TableConstraint::PrimaryKey { name, columns } => format!(
                "op::create_primary_key({name:?}, {:?}, {})",
                add.table,
                strings(columns)
            ),
        },
        Op::DropConstraint(drop) => {
            let kind = |kind: ConstraintKind| {
                let kind = match kind {
                    ConstraintKind::ForeignKey => "ForeignKey",
                    ConstraintKind::Unique => "Unique",
                    ConstraintKind::Check => "Check",
                    ConstraintKind::PrimaryKey => "PrimaryKey",
                };
                format!("migrate_runtime::schema::ConstraintKind::{kind}")
            };
            match (drop.is_unnamed(), drop.kind) {
                (true, _) if drop.condition.is_some() => format!(
                    "op::drop_unnamed_check({:?}, {:?})",
                    drop.table,
                    drop.condition.as_deref().unwrap_or_default()
                ),
                (true, Some(unnamed)) => format!(
                    "op::drop_unnamed_constraint({:?}, {}, {})",
                    drop.table,
                    kind(unnamed),
                    strings(&drop.columns)
                ),
                (_, Some(named)) => format!(
                    "op::drop_constraint({:?}, {:?}).kind({})",
                    drop.name,
                    drop.table,
                    kind(named)
                ),
                (_, None) => format!("op::drop_constraint({:?}, {:?})", drop.name, drop.table),
            }
        }
        Op::AlterEnum(alter) => {
            let mut out = format!("op::alter_enum({:?})", alter.name);
            if !alter.existing.is_empty() {
                out.push_str(&format!("\n.existing({})", strings(&alter.existing)));
            }
            for (value, before) in &alter.added {
                match before {
                    Some(before) => {
                        out.push_str(&format!("\n.add_value_before({value:?}, {before:?})"))
                    }
                    None => out.push_str(&format!("\n.add_value({value:?})")),
                }
            }
            for (table, column) in &alter.columns {
                out.push_str(&format!("\n.column({table:?}, {column:?})"));
            }
            out
        }
        Op::Execute(execute) => {
            let mut out = format!("op::execute({:?})", execute.sql);
            match &execute.effect {
                SchemaEffect::Nothing => out.push_str(".leaves_schema()"),
                SchemaEffect::Ops(ops) => {
                    for declared in ops {
                        out.push_str(&format!(".changes_schema({})", op(declared)));
                    }
                }
                SchemaEffect::Undeclared => {}
            }
            out
        }
        Op::OnlyOn(only) => {
            let databases: Vec<String> = (only.databases.iter())
                .map(|database| {
                    let variant = migrate_graph::portability::dialect_variant(database.feature());
                    format!("Dialect::{variant}")
                })
                .collect();
            format!("{}\n.only_on([{}])", op(&only.op), databases.join(", "))
        }
        Op::BulkInsert(insert) => super::rows_source::bulk_insert_source(insert)
            .unwrap_or_else(|| format!("op::execute({:?})", written.to_string())),
        // Autogenerate finds schema changes only.
        other => format!("op::execute({:?})", other.to_string()),
    }
}

fn column_source(column: &Column) -> String {
    let mut out = format!(
        "Column::new({:?}, {})",
        column.name,
        type_source(&column.ty)
    );
    if column.primary_key {
        out.push_str(".primary_key()");
    } else if !column.nullable {
        out.push_str(".not_null()");
    }
    if column.unique {
        out.push_str(".unique()");
    }
    if let Some(default) = &column.default {
        out.push_str(&default_source(default));
    }
    match &column.generated {
        Some(generated) if generated.stored => {
            out.push_str(&format!(".generated({:?})", generated.expression))
        }
        Some(generated) => out.push_str(&format!(".generated_virtual({:?})", generated.expression)),
        None => {}
    }
    if let Some(collation) = &column.collation {
        out.push_str(&format!(".collation({collation:?})"));
    }
    match &column.identity {
        Some(identity) if *identity == Identity::default() => out.push_str(".identity()"),
        Some(identity) => out.push_str(&format!(".identity_with({})", identity_source(identity))),
        None => {}
    }
    if let Some(key) = &column.references
        && let [referred] = key.referred_columns.as_slice()
    {
        out.push_str(&format!(
            ".references({:?}, {referred:?})",
            key.referred_table
        ));
        out.push_str(&actions(key));
    }
    if let Some(comment) = &column.comment {
        out.push_str(&format!(".comment({comment:?})"));
    }
    if column.existing_type {
        out.push_str(".existing_type()");
    }
    out
}

fn type_source(ty: &Type) -> String {
    match ty {
        Type::Numeric { precision, scale } => format!("Type::numeric({precision}, {scale})"),
        Type::Varchar(len) => format!("Type::Varchar({len})"),
        Type::Char(len) => format!("Type::Char({len})"),
        Type::Array(element) => format!("Type::array({})", type_source(element)),
        Type::Enum { name, values } => format!("Type::enumeration({name:?}, {})", strings(values)),
        Type::Custom(sql) => format!("Type::custom({sql:?})"),
        Type::PerDialect(per) => format!(
            "Type::per_dialect({:?}, {:?}, {:?})",
            per.postgres, per.sqlite, per.mysql
        ),
        simple => format!("Type::{simple:?}"),
    }
}

/// The builder call that sets `default`.
fn default_source(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Text(text) => format!(".default({text:?})"),
        DefaultValue::Integer(value) => match i32::try_from(*value) {
            Ok(_) => format!(".default({value})"),
            Err(_) => format!(".default({value}_i64)"),
        },
        DefaultValue::Float(value) => format!(".default({value:?}_f64)"),
        DefaultValue::Boolean(value) => format!(".default({value})"),
        DefaultValue::Sql(sql) => format!(".default_sql({sql:?})"),
        DefaultValue::Now => ".default(DefaultValue::now())".to_owned(),
        DefaultValue::CurrentDate => ".default(DefaultValue::current_date())".to_owned(),
        DefaultValue::RandomUuid => ".default(DefaultValue::random_uuid())".to_owned(),
        DefaultValue::PerDialect(per) => format!(
            ".default(DefaultValue::per_dialect({:?}, {:?}, {:?}))",
            per.postgres, per.sqlite, per.mysql
        ),
    }
}

fn unique_source(unique: &UniqueConstraint) -> String {
    let mut out = format!("UniqueConstraint::new({})", strings(&unique.columns));
    if let Some(name) = &unique.name {
        out.push_str(&format!(".name({name:?})"));
    }
    out
}

fn key_source(key: &ForeignKey) -> String {
    let mut out = format!(
        "ForeignKey::new({}, {:?}, {})",
        strings(&key.columns),
        key.referred_table,
        strings(&key.referred_columns)
    );
    out.push_str(&actions(key));
    if let Some(name) = &key.name {
        out.push_str(&format!(".name({name:?})"));
    }
    out
}

fn check_source(check: &CheckConstraint) -> String {
    let mut out = format!("CheckConstraint::new({:?})", check.condition);
    if let Some(name) = &check.name {
        out.push_str(&format!(".name({name:?})"));
    }
    out
}

fn actions(key: &ForeignKey) -> String {
    let mut out = String::new();
    for (method, action) in [("on_delete", key.on_delete), ("on_update", key.on_update)] {
        if let Some(action) = action {
            out.push_str(&format!(
                ".{method}(ReferentialAction::{})",
                action_name(action)
            ));
        }
    }
    match key.deferrable {
        Some(true) => out.push_str(".initially_deferred()"),
        Some(false) => out.push_str(".deferrable()"),
        None => {}
    }
    out
}

fn action_name(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "NoAction",
        ReferentialAction::Restrict => "Restrict",
        ReferentialAction::Cascade => "Cascade",
        ReferentialAction::SetNull => "SetNull",
        ReferentialAction::SetDefault => "SetDefault",
    }
}

/// `["a", "b"]`.
fn strings(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| format!("{value:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// An identity as a Rust literal.
fn identity_source(identity: &Identity) -> String {
    let Identity {
        always,
        start,
        increment,
    } = identity;
    format!("Identity {{ always: {always}, start: {start:?}, increment: {increment:?} }}")
}
