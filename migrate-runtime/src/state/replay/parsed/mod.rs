//! Raw SQL read with `sqlparser`: each statement applied as the ops that do the same, or
//! known to leave the tables alone; anything else is not guessed at.

mod alter;
mod definitions;
mod objects;

use sqlparser::ast::{self, CommentObject, ObjectName, ObjectType, Statement};
use sqlparser::dialect::{
    Dialect as SqlDialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect,
};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::ReplayError;
use super::raw_sql::{changes_no_schema, first_line};
use crate::dialect::Dialect;
use crate::op::{self, Op};
use crate::schema::NamingConvention;
use crate::state::{DatabaseObject, ObjectKind, Schema};
use definitions::{column, table_name};

/// A statement whose effect on the schema is not read.
pub(super) struct Unread;

impl Schema {
    /// Apply raw SQL: every statement must be read (DDL of tables, columns, keys, indexes and
    /// enum types; queries, row changes and statements that touch no table), or nothing
    /// changes and the replay stops.
    pub(super) fn apply_sql(
        &mut self,
        sql: &str,
        dialect: Option<Dialect>,
    ) -> Result<(), ReplayError> {
        // One query or row change, the common case, needs no parsing.
        let single = !sql.trim().trim_end_matches(';').contains(';');
        if single && changes_no_schema(sql) {
            return Ok(());
        }
        let Some(statements) = parse(sql, dialect) else {
            if single && changes_no_schema(sql) {
                return Ok(());
            }
            // A trigger or routine whose body the parser does not read (its `;` are the
            // body's), or a view in a statement of its own, known by its first words.
            let object = objects::created_by_words(sql, dialect)
                .filter(|object| single || object.kind != ObjectKind::View)
                .ok_or_else(|| ReplayError::RawSql(first_line(sql)))?;
            self.put_object(object);
            return Ok(());
        };
        let unread =
            |statement: &Statement| ReplayError::RawSql(first_line(&statement.to_string()));
        if let [statement] = statements.as_slice() {
            let ops = (self.ops_of(statement, dialect)).map_err(|Unread| unread(statement))?;
            return self.apply_named(&ops, dialect);
        }
        // Several statements: on a copy, so that nothing changes when one is refused.
        let mut after = self.clone();
        for statement in &statements {
            let ops = after
                .ops_of(statement, dialect)
                .map_err(|Unread| unread(statement))?;
            after.apply_named(&ops, dialect)?;
        }
        *self = after;
        Ok(())
    }

    /// Apply the ops of a statement, named as the database names what the SQL leaves unnamed
    /// (PostgreSQL's names, its own); all or none of them.
    fn apply_named(&mut self, ops: &[Op], dialect: Option<Dialect>) -> Result<(), ReplayError> {
        let convention = NamingConvention::postgres();
        match ops {
            [] => Ok(()),
            // One op checks itself whole before it changes anything.
            [op] => self.apply_read_as(&op.named(&convention), dialect),
            ops => {
                let mut after = self.clone();
                for op in ops {
                    after.apply_read_as(&op.named(&convention), dialect)?;
                }
                *self = after;
                Ok(())
            }
        }
    }

    /// The ops that do what `statement` does: none for one that leaves the tables alone. The
    /// objects it makes or drops beside tables are made or dropped here.
    fn ops_of(
        &mut self,
        statement: &Statement,
        dialect: Option<Dialect>,
    ) -> Result<Vec<Op>, Unread> {
        // Extensions, sequences, and indexes and constraints held whole are PostgreSQL's
        // objects, read from its catalog alone.
        let postgres = matches!(dialect, None | Some(Dialect::Postgres));
        // A name with a schema is PostgreSQL's `schema.table`; elsewhere it names another
        // database (MySQL) or an attached one (SQLite), which migrate does not read.
        if !postgres && names_another_database(statement) {
            return Err(Unread);
        }
        if self.apply_object_statement(statement, postgres)? {
            return Ok(Vec::new());
        }
        Ok(match statement {
            Statement::CreateTable(create) => {
                let exists = self.tables.contains_key(&table_name(&create.name)?);
                match create.if_not_exists && exists {
                    true => Vec::new(),
                    false => vec![self.create_table_op(create)?],
                }
            }
            Statement::AlterTable(alter) => {
                let table = table_name(&alter.name)?;
                if alter.if_exists && !self.tables.contains_key(&table) {
                    return Ok(Vec::new());
                }
                let mut ops = Vec::new();
                for operation in &alter.operations {
                    // An exclusion constraint is held whole, made and dropped as a whole.
                    if let ast::AlterTableOperation::AddConstraint {
                        constraint: ast::TableConstraint::Exclude(exclude),
                        ..
                    } = operation
                        && postgres
                    {
                        let name = exclude.name.as_ref().ok_or(Unread)?;
                        self.table_named(&table).map_err(|_| Unread)?;
                        self.put_object(DatabaseObject {
                            kind: ObjectKind::Constraint,
                            name: name.value.clone(),
                            table: Some(table.clone()),
                            definition: format!("ALTER TABLE {} ADD {exclude}", alter.name),
                        });
                        continue;
                    }
                    if let ast::AlterTableOperation::DropConstraint { name, .. } = operation
                        && self.objects.iter().any(|held| {
                            held.kind == ObjectKind::Constraint
                                && held.name == name.value
                                && held.table.as_deref() == Some(table.as_str())
                        })
                    {
                        self.drop_object(ObjectKind::Constraint, &name.value, Some(&table));
                        continue;
                    }
                    ops.extend(self.alter_table_ops(&table, operation)?);
                }
                ops
            }
            Statement::RenameTable(renames) => renames
                .iter()
                .map(|rename| {
                    let from = table_name(&rename.old_name)?;
                    Ok(op::rename_table(from, table_name(&rename.new_name)?).into())
                })
                .collect::<Result<_, Unread>>()?,
            Statement::CreateIndex(create) => {
                let name = create.name.as_ref().ok_or(Unread)?;
                // What an index op does not carry (another method than the B-tree every
                // database makes by default, operator classes, storage parameters) is held
                // whole on PostgreSQL, and not read elsewhere.
                let other_method = !matches!(create.using, None | Some(ast::IndexType::BTree));
                let keys = definitions::index_key(&create.columns);
                if postgres && (other_method || keys.is_err() || !create.with.is_empty()) {
                    let table = table_name(&create.table_name)?;
                    self.table_named(&table).map_err(|_| Unread)?;
                    self.put_object(DatabaseObject {
                        kind: ObjectKind::Index,
                        name: table_name(name)?,
                        table: Some(table),
                        definition: statement.to_string(),
                    });
                    return Ok(Vec::new());
                }
                let unread =
                    other_method || !create.with.is_empty() || create.nulls_distinct.is_some();
                if unread {
                    return Err(Unread);
                }
                let (columns, key_options) = keys?;
                let mut index =
                    op::create_index(table_name(name)?, table_name(&create.table_name)?, columns);
                index.key_options = key_options;
                index.include = definitions::idents(&create.include);
                index.unique = create.unique;
                index.if_not_exists = create.if_not_exists;
                index.where_sql = create.predicate.as_ref().map(ToString::to_string);
                vec![index.into()]
            }
            Statement::Drop {
                object_type,
                if_exists,
                names,
                cascade,
                table,
                ..
            } => match object_type {
                ObjectType::Table => self.drop_tables(names, *if_exists, *cascade)?,
                ObjectType::Index => {
                    let mut ops = Vec::new();
                    for name in names {
                        // PostgreSQL's index is in its table's schema; migrate names it alone.
                        let name = crate::dialect::split_table(&table_name(name)?).1.to_owned();
                        // An index held whole goes as a whole (MySQL names it per table).
                        let on = table.as_ref().map(table_name).transpose()?;
                        let held = (self.objects.iter()).any(|object| {
                            object.kind == ObjectKind::Index
                                && object.name == name
                                && on
                                    .as_ref()
                                    .is_none_or(|on| object.table.as_ref() == Some(on))
                        });
                        if held {
                            self.drop_object(ObjectKind::Index, &name, on.as_deref());
                            continue;
                        }
                        let mut drop = op::drop_index(name);
                        drop.if_exists = *if_exists;
                        if let Some(table) = table {
                            drop = drop.on(table_name(table)?);
                        }
                        ops.push(drop.into());
                    }
                    ops
                }
                // With CASCADE, what uses the type or sequence goes too: not read.
                _ if *cascade => return Err(Unread),
                ObjectType::Type => {
                    for name in names {
                        let name = table_name(name)?;
                        if self.enum_in_use(&name) {
                            return Err(Unread);
                        }
                        self.enums.remove(&name);
                        // A composite or range type held whole.
                        self.drop_object(ObjectKind::Type, &name, None);
                    }
                    Vec::new()
                }
                ObjectType::View | ObjectType::MaterializedView => {
                    let kind = match object_type {
                        ObjectType::View => ObjectKind::View,
                        _ => ObjectKind::MaterializedView,
                    };
                    for name in names {
                        self.drop_object(kind, &table_name(name)?, None);
                    }
                    Vec::new()
                }
                ObjectType::Sequence => {
                    for name in names.iter().filter(|_| postgres) {
                        self.drop_object(ObjectKind::Sequence, &table_name(name)?, None);
                    }
                    Vec::new()
                }
                // With CASCADE, its tables and objects go too: not read.
                ObjectType::Schema if postgres && !*cascade => {
                    for name in names {
                        self.drop_object(ObjectKind::Schema, &table_name(name)?, None);
                    }
                    Vec::new()
                }
                ObjectType::Role | ObjectType::User => Vec::new(),
                _ => return Err(Unread),
            },
            Statement::CreateType {
                name,
                representation: Some(ast::UserDefinedTypeRepresentation::Enum { labels }),
            } => {
                self.enums
                    .insert(table_name(name)?, definitions::idents(labels));
                Vec::new()
            }
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => self.comment(*object_type, object_name, comment.clone())?,
            statement if leaves_tables_alone(statement) => Vec::new(),
            _ => return Err(Unread),
        })
    }

    fn create_table_op(&self, create: &ast::CreateTable) -> Result<Op, Unread> {
        // A query's columns, `LIKE`, partitions, inheritance and temporary tables are not read.
        let unread = create.query.is_some()
            || create.like.is_some()
            || create.temporary
            || create.partition_by.is_some()
            || create.partition_of.is_some()
            || create.inherits.is_some();
        if unread {
            return Err(Unread);
        }
        let mut table = op::create_table(table_name(&create.name)?);
        for def in &create.columns {
            let definition = column(def, self)?;
            if definition.primary_key_name.is_some() {
                table.primary_key_name = definition.primary_key_name;
            }
            table = table.column(definition.column);
            table.checks.extend(definition.checks);
        }
        for constraint in &create.constraints {
            match definitions::constraint(constraint)? {
                op::TableConstraint::PrimaryKey { name, columns } => {
                    table.primary_key_name = Some(name).filter(|name| !name.is_empty());
                    table = table.primary_key(columns);
                }
                op::TableConstraint::Unique(unique) => table = table.unique(unique),
                op::TableConstraint::ForeignKey(key) => table = table.foreign_key(key),
                op::TableConstraint::Check(check) => table = table.check(check),
            }
        }
        if let Some(ast::CommentDef::WithEq(text) | ast::CommentDef::WithoutEq(text)) =
            &create.comment
        {
            table = table.comment(text);
        }
        Ok(table.into())
    }

    /// Whether a column's type is the enum type `name`.
    fn enum_in_use(&self, name: &str) -> bool {
        let columns = self.tables.values().flat_map(|table| &table.columns);
        columns
            .into_iter()
            .any(|column| matches!(&column.ty, crate::schema::Type::Enum { name: used, .. } if used == name))
    }

    /// `DROP TABLE`; with `CASCADE`, the other tables' foreign keys to it go first.
    fn drop_tables(
        &self,
        names: &[ObjectName],
        if_exists: bool,
        cascade: bool,
    ) -> Result<Vec<Op>, Unread> {
        let mut ops = Vec::new();
        for name in names {
            let name = table_name(name)?;
            if if_exists && !self.tables.contains_key(&name) {
                continue;
            }
            if cascade {
                for other in self.tables.values().filter(|other| other.name != name) {
                    let keys = other.foreign_keys.iter();
                    for key in keys.filter(|key| key.referred_table == name) {
                        let key_name = key.name.clone().ok_or(Unread)?;
                        ops.push(op::drop_constraint(key_name, &other.name).into());
                    }
                }
            }
            ops.push(op::drop_table(name).into());
        }
        Ok(ops)
    }

    /// `COMMENT ON TABLE` and `COMMENT ON COLUMN`; comments on anything else touch no table.
    fn comment(
        &mut self,
        object: CommentObject,
        name: &ObjectName,
        comment: Option<String>,
    ) -> Result<Vec<Op>, Unread> {
        match object {
            CommentObject::Table => {
                let comment = op::comment_on_table(table_name(name)?, comment.as_deref());
                Ok(vec![comment.into()])
            }
            CommentObject::Column => {
                let (column, table) = name.0.split_last().ok_or(Unread)?;
                let column = column.as_ident().ok_or(Unread)?;
                let table = table_name(&ObjectName(table.to_vec()))?;
                let alter = op::alter_column(table, &column.value).comment(comment.as_deref());
                Ok(vec![alter.into()])
            }
            _ => Ok(Vec::new()),
        }
    }
}

/// The statements of `sql` as `dialect` reads them (PostgreSQL folds unquoted names to lower
/// case), by its parser first; by the first that reads them all when the database is not
/// known.
/// `sql` as the parser writes it back, statements joined by `; `: one spelling for
/// statements that differ only in spacing and the case of keywords.
pub(crate) fn statement_text(sql: &str, dialect: Dialect) -> Option<String> {
    let statements = parse(sql, Some(dialect))?;
    let texts: Vec<String> = statements.iter().map(ToString::to_string).collect();
    Some(texts.join("; "))
}

fn parse(sql: &str, dialect: Option<Dialect>) -> Option<Vec<Statement>> {
    let folded;
    let text = match dialect {
        Some(Dialect::Postgres) => {
            folded = fold_unquoted(sql);
            folded.as_deref().unwrap_or(sql)
        }
        _ => sql,
    };
    let own: Option<&dyn SqlDialect> = match dialect {
        Some(Dialect::Postgres) => Some(&PostgreSqlDialect {}),
        Some(Dialect::MySql) => Some(&MySqlDialect {}),
        Some(Dialect::Sqlite) => Some(&SQLiteDialect {}),
        None => None,
    };
    let dialects: [&dyn SqlDialect; 4] = [
        &PostgreSqlDialect {},
        &MySqlDialect {},
        &SQLiteDialect {},
        &GenericDialect {},
    ];
    own.into_iter()
        .chain(dialects)
        .find_map(|dialect| Parser::parse_sql(dialect, text).ok())
}

/// Whether `statement` names a table with a schema (or database) part.
fn names_another_database(statement: &Statement) -> bool {
    let mut qualified = false;
    let _ = sqlparser::ast::visit_relations(statement, |name| {
        qualified |= name.0.len() > 1;
        std::ops::ControlFlow::<()>::Continue(())
    });
    qualified
}

/// `sql` with its unquoted words in lower case, as PostgreSQL reads names.
fn fold_unquoted(sql: &str) -> Option<String> {
    let tokens = (Tokenizer::new(&PostgreSqlDialect {}, sql).with_unescape(false))
        .tokenize()
        .ok()?;
    let folded = tokens.into_iter().map(|token| match token {
        Token::Word(mut word) if word.quote_style.is_none() => {
            word.value = word.value.to_lowercase();
            Token::Word(word).to_string()
        }
        token => token.to_string(),
    });
    Some(folded.collect())
}

/// Statements that read or change rows, or change what is not a table: views, functions,
/// triggers, sequences, extensions, privileges, session settings. Dropping a function or an
/// extension with `CASCADE` drops the defaults, checks and columns that use it: not these.
fn leaves_tables_alone(statement: &Statement) -> bool {
    let cascades = match statement {
        Statement::DropExtension(drop) => {
            matches!(
                drop.cascade_or_restrict,
                Some(ast::ReferentialAction::Cascade)
            )
        }
        _ => false,
    };
    !cascades
        && matches!(
            statement,
            Statement::Query(_)
                | Statement::Insert(_)
                | Statement::Update(_)
                | Statement::Delete(_)
                | Statement::Merge(_)
                | Statement::Truncate(_)
                | Statement::Copy { .. }
                | Statement::Call(_)
                | Statement::Set(_)
                | Statement::Analyze(_)
                | Statement::Vacuum(_)
                | Statement::Pragma { .. }
                | Statement::Lock(_)
                | Statement::LockTables { .. }
                | Statement::UnlockTables
                | Statement::Grant(_)
                | Statement::Revoke(_)
                | Statement::CreateRole(_)
                | Statement::RefreshMaterializedView(_)
                | Statement::CreateSequence { .. }
                | Statement::CreateExtension(_)
                | Statement::DropExtension(_)
                | Statement::CreatePolicy(_)
                | Statement::DropPolicy(_)
        )
}
