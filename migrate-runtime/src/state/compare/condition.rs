//! Conditions (checks, partial indexes) as comparable text: parsed, then written without what
//! each database adds when it keeps one — parentheses, casts, quotes around names — and with
//! PostgreSQL's rewrites undone (`x = ANY (ARRAY[…])` is `x IN (…)`, `BETWEEN` is kept).

use std::ops::ControlFlow;

use sqlparser::ast::{self, BinaryOperator, Expr, visit_expressions_mut};
use sqlparser::dialect::{Dialect as SqlDialect, GenericDialect, MySqlDialect, PostgreSqlDialect};
use sqlparser::parser::Parser;

/// `sql` as comparable text; when no dialect reads it, its words squeezed and lower-cased.
pub(crate) fn condition_text(sql: &str) -> String {
    match parse(sql) {
        Some(mut expr) => {
            let _ = visit_expressions_mut(&mut expr, |expr| {
                simplify(expr);
                ControlFlow::<()>::Continue(())
            });
            // Every operation inside another in parentheses, so that the grouping the
            // parentheses gave survives their removal: `(a OR b) AND c` is not `a OR b AND c`.
            let _ = visit_expressions_mut(&mut expr, |expr| {
                group_operands(expr);
                ControlFlow::<()>::Continue(())
            });
            expr.to_string()
        }
        None => sql
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '"' | '`'))
            .collect(),
    }
}

/// An index key as it is compared: a column by its name, an expression (a key with
/// parentheses) by its meaning, as a condition is.
pub(crate) fn index_key_text(key: &str) -> String {
    match crate::schema::is_expression_key(key) {
        true => condition_text(key),
        false => key.to_owned(),
    }
}

fn parse(sql: &str) -> Option<Expr> {
    let dialects: [&dyn SqlDialect; 3] =
        [&PostgreSqlDialect {}, &MySqlDialect {}, &GenericDialect {}];
    dialects.into_iter().find_map(|dialect| {
        let mut parser = Parser::new(dialect).try_with_sql(sql).ok()?;
        let expr = parser.parse_expr().ok()?;
        // The whole text, not a prefix of it.
        parser
            .expect_token(&sqlparser::tokenizer::Token::EOF)
            .ok()?;
        Some(expr)
    })
}

/// One expression, its parts already simplified (the visit is post-order).
fn simplify(expr: &mut Expr) {
    let replacement = match expr {
        Expr::Nested(inner) => Some((**inner).clone()),
        Expr::Cast { expr: inner, .. } => Some((**inner).clone()),
        // MySQL's character set introducers (`_utf8mb4'a'`).
        Expr::Prefixed { value, .. } => Some((**value).clone()),
        Expr::Identifier(ident) => {
            ident.value = ident.value.to_ascii_lowercase();
            ident.quote_style = None;
            None
        }
        Expr::CompoundIdentifier(parts) => parts
            .last()
            .map(|last| Expr::Identifier(ast::Ident::new(last.value.to_ascii_lowercase()))),
        Expr::Function(function) => {
            for part in &mut function.name.0 {
                if let ast::ObjectNamePart::Identifier(ident) = part {
                    ident.value = ident.value.to_ascii_lowercase();
                    ident.quote_style = None;
                }
            }
            None
        }
        // PostgreSQL keeps `x IN ('a', 'b')` as `x = ANY (ARRAY['a', 'b'])`.
        Expr::AnyOp {
            left,
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => match &**right {
            Expr::Array(array) => Some(Expr::In {
                expr: left.clone(),
                target: ast::InTarget::List(array.elem.clone()),
                negated: false,
                global: false,
            }),
            _ => None,
        },
        // And `x BETWEEN a AND b` as `x >= a AND x <= b`.
        Expr::Between {
            expr: inner,
            negated: false,
            low,
            high,
        } => Some(Expr::BinaryOp {
            left: Box::new(Expr::BinaryOp {
                left: inner.clone(),
                op: BinaryOperator::GtEq,
                right: low.clone(),
            }),
            op: BinaryOperator::And,
            right: Box::new(Expr::BinaryOp {
                left: inner.clone(),
                op: BinaryOperator::LtEq,
                right: high.clone(),
            }),
        }),
        _ => None,
    };
    if let Some(replacement) = replacement {
        *expr = replacement;
    }
}

/// Parentheses around the operands of `expr` that are operations themselves.
fn group_operands(expr: &mut Expr) {
    let wrap = |operand: &mut Box<Expr>| {
        if matches!(**operand, Expr::BinaryOp { .. }) {
            let inner = std::mem::replace(&mut **operand, Expr::value(ast::Value::Null));
            **operand = Expr::Nested(Box::new(inner));
        }
    };
    match expr {
        Expr::BinaryOp { left, right, .. } => {
            wrap(left);
            wrap(right);
        }
        Expr::UnaryOp { expr, .. } => wrap(expr),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::condition_text;

    #[test]
    fn each_database_spelling_of_a_condition_reads_the_same() {
        let written = condition_text("price > 0 AND status IN ('a', 'b')");
        for kept in [
            // PostgreSQL's pg_get_expr.
            "((price > (0)::numeric) AND ((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))",
            // MariaDB's and MySQL's CHECK_CLAUSE.
            "`price` > 0 and `status` in ('a','b')",
            "((`price` > 0) and (`status` in (_utf8mb4'a',_utf8mb4'b')))",
        ] {
            assert_eq!(condition_text(kept), written, "{kept}");
        }
        assert_eq!(
            condition_text("qty BETWEEN 1 AND 5"),
            condition_text("((qty >= 1) AND (qty <= 5))")
        );
        assert_ne!(condition_text("price > 0"), condition_text("price >= 0"));
        assert_ne!(
            condition_text("(a = 1 OR b = 2) AND c = 3"),
            condition_text("a = 1 OR (b = 2 AND c = 3)")
        );
        assert_ne!(condition_text("s = 'A'"), condition_text("s = 'a'"));
    }
}
