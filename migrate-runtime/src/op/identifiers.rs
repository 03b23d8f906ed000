//! Every name an op gives the database (tables, columns, indexes, constraints, enum types),
//! so that a name too long for the database is refused before anything runs instead of
//! being silently cut short (PostgreSQL keeps 63 bytes).

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::{Execute, Op, TableConstraint};
use crate::schema::{Column, ForeignKey, Type};

impl Op {
    /// The names this op writes into the database's catalog or refers to.
    pub(crate) fn identifiers(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        match self {
            Op::CreateTable(op) => {
                names.push(&op.name);
                names.extend(op.primary_key_name.as_deref());
                op.columns.iter().for_each(|c| column(c, &mut names));
                names.extend(op.primary_key.iter().map(String::as_str));
                for unique in &op.uniques {
                    names.extend(unique.name.as_deref());
                    names.extend(unique.columns.iter().map(String::as_str));
                }
                op.foreign_keys
                    .iter()
                    .for_each(|k| foreign_key(k, &mut names));
                names.extend(op.checks.iter().filter_map(|c| c.name.as_deref()));
            }
            Op::DropTable(op) => {
                names.push(&op.name);
                names.extend(op.enum_types.iter().map(String::as_str));
            }
            Op::RenameTable(op) => names.extend([op.from.as_str(), op.to.as_str()]),
            Op::CommentOnTable(op) => names.push(&op.table),
            Op::AddColumn(op) => {
                names.push(&op.table);
                column(&op.column, &mut names);
            }
            Op::DropColumn(op) => names.extend([op.table.as_str(), op.column.as_str()]),
            Op::AlterColumn(op) => {
                names.extend([op.table.as_str(), op.column.as_str()]);
                names.extend(op.new_name.as_deref());
                if let Some(ty) = &op.ty {
                    enum_type(ty, &mut names);
                }
            }
            Op::CreateIndex(op) => {
                names.extend([op.name.as_str(), op.table.as_str()]);
                names.extend(op.columns.iter().map(String::as_str));
            }
            Op::DropIndex(op) => {
                names.push(&op.name);
                names.extend(op.table.as_deref());
            }
            Op::AddConstraint(op) => {
                names.push(&op.table);
                match &op.constraint {
                    TableConstraint::ForeignKey(key) => foreign_key(key, &mut names),
                    TableConstraint::Unique(unique) => {
                        names.extend(unique.name.as_deref());
                        names.extend(unique.columns.iter().map(String::as_str));
                    }
                    TableConstraint::Check(check) => names.extend(check.name.as_deref()),
                    TableConstraint::PrimaryKey { name, columns } => {
                        names.push(name);
                        names.extend(columns.iter().map(String::as_str));
                    }
                }
            }
            Op::DropConstraint(op) => {
                names.push(&op.table);
                names.extend((!op.is_unnamed()).then_some(op.name.as_str()));
                names.extend(op.columns.iter().map(String::as_str));
            }
            Op::BulkInsert(op) => {
                names.push(&op.table);
                names.extend(op.columns.iter().map(String::as_str));
            }
            Op::Backfill(op) => {
                names.push(&op.table);
                names.extend(op.key.iter().map(String::as_str));
            }
            Op::Update(op) => {
                names.push(&op.table);
                names.extend(op.set.iter().chain(&op.filter).map(|(c, _)| c.as_str()));
            }
            Op::Delete(op) => {
                names.push(&op.table);
                names.extend(op.filter.iter().map(|(c, _)| c.as_str()));
            }
            Op::AlterEnum(op) => {
                names.push(&op.name);
                for (table, column) in &op.columns {
                    names.extend([table.as_str(), column.as_str()]);
                }
            }
            Op::OnlyOn(only) => return only.op.identifiers(),
            Op::Execute(_) => {}
        }
        names
    }
}

fn column<'a>(column: &'a Column, names: &mut Vec<&'a str>) {
    names.push(&column.name);
    names.extend(column.unique_name.as_deref());
    enum_type(&column.ty, names);
    if let Some(key) = &column.references {
        foreign_key(key, names);
    }
}

fn foreign_key<'a>(key: &'a ForeignKey, names: &mut Vec<&'a str>) {
    names.extend(key.name.as_deref());
    names.extend(key.columns.iter().map(String::as_str));
    names.push(&key.referred_table);
    names.extend(key.referred_columns.iter().map(String::as_str));
}

fn enum_type<'a>(ty: &'a Type, names: &mut Vec<&'a str>) {
    if let Type::Enum { name, .. } = ty {
        names.push(name);
    }
}

impl Execute {
    /// The words of the raw SQL as PostgreSQL reads it (keywords, names, quoted names), so that
    /// a name PostgreSQL would cut short is refused there too; none when the SQL cannot be
    /// split into words (the server then says what is wrong).
    pub(crate) fn postgres_words(&self) -> Vec<String> {
        let tokens = Tokenizer::new(&PostgreSqlDialect {}, &self.sql).tokenize();
        let words = tokens.unwrap_or_default().into_iter();
        words
            .filter_map(|token| match token {
                Token::Word(word) => Some(word.value),
                _ => None,
            })
            .collect()
    }
}
