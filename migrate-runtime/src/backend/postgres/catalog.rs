//! PostgreSQL's catalog: whether a table exists.

/// Whether the schema (MySQL: database; SQLite: attached database) `$1` exists: a count.
// language=SQL
pub(crate) const SCHEMA_EXISTS: &str =
    "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = $1";

/// The columns of a table with their types, in order: binds are the schema (empty for the
/// current one) and the table.
// language=SQL
pub(crate) const TABLE_COLUMNS: &str = "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a \
     JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = coalesce(nullif($1, ''), current_schema()) AND c.relname = $2 \
     AND c.relkind IN ('r', 'p', 'v') AND a.attnum > 0 AND NOT a.attisdropped \
     ORDER BY a.attnum";

/// For drift: the tables of the current schema or database, with their comments.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_TABLES: &str = "SELECT c.relname::text, obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND ($1::text IS NULL OR c.relname IN (SELECT json_array_elements_text($1::json))) ORDER BY 1";

/// For drift: every column of every table, in order: table, name, type as the catalog writes it, nullability, default (a generated column's expression), comment, whether it is generated, the identity kind (`a` always, `d` by default, empty for none) and its sequence's start and increment, the collation where it is not the type's.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_COLUMNS: &str = "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum), a.attgenerated = 's', a.attidentity::text, (SELECT ARRAY[s.seqstart, s.seqincrement] FROM pg_depend dep JOIN pg_sequence s ON s.seqrelid = dep.objid WHERE a.attidentity <> '' AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'), (SELECT co.collname::text FROM pg_collation co JOIN pg_type ty ON ty.oid = a.atttypid WHERE co.oid = a.attcollation AND a.attcollation <> ty.typcollation) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ($1::text IS NULL OR c.relname IN (SELECT json_array_elements_text($1::json))) ORDER BY c.relname, a.attnum";

/// For drift: every constraint of every table: table, name, kind, columns, referred table and columns, actions, check condition.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_CONSTRAINTS: &str = "SELECT t.relname::text, c.conname::text, c.contype::text, ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(num, pos) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.pos), COALESCE(f.relname::text, ''), ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(num, pos) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.pos), c.confdeltype::text, c.confupdtype::text, CASE WHEN c.contype = 'c' THEN pg_get_expr(c.conbin, c.conrelid) ELSE '' END, CASE WHEN c.condeferrable THEN c.condeferred END FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class f ON f.oid = c.confrelid WHERE n.nspname = current_schema() AND ($1::text IS NULL OR t.relname IN (SELECT json_array_elements_text($1::json))) ORDER BY 1, 2";

/// Whether the index `x` (`pg_index`) of the class `i` (`pg_class`) is one migrate's index
/// describes: a B-tree, each key of its type's default operator class, no storage parameters.
/// The others are read whole, as objects.
macro_rules! described_index {
    () => {
        "((SELECT am.amname FROM pg_am am WHERE am.oid = i.relam) = 'btree' AND i.reloptions IS NULL AND NOT EXISTS (SELECT 1 FROM unnest(x.indclass::oid[]) AS oc(oid) JOIN pg_opclass o ON o.oid = oc.oid WHERE NOT o.opcdefault))"
    };
}

/// For drift: every index of every table that no constraint owns and migrate's index describes: table, name, unique, condition, columns or expressions, each key column's options (1: descending, 2: NULLs first), the `INCLUDE` columns.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_INDEXES: &str = concat!(
    "SELECT t.relname::text, i.relname::text, x.indisunique, pg_get_expr(x.indpred, x.indrelid), ARRAY(SELECT CASE WHEN x.indkey[k - 1] = 0 THEN pg_get_indexdef(x.indexrelid, k, true) ELSE (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k - 1]) END FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k), ARRAY(SELECT x.indoption[k - 1]::int4 FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k), ARRAY(SELECT a.attname::text FROM generate_series(x.indnkeyatts + 1, x.indnatts) AS k JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k - 1] ORDER BY k) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) AND ",
    described_index!(),
    " AND ($1::text IS NULL OR t.relname IN (SELECT json_array_elements_text($1::json))) ORDER BY 1, 2"
);

/// For drift: the enum types of the current schema with their labels in order.
// language=SQL
pub(crate) const INTROSPECT_ENUMS: &str = "SELECT t.typname::text, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() AND t.typtype = 'e' ORDER BY 1";

/// Views, materialized views, functions, procedures, triggers and sequences of the current
/// schema (not an extension's, not a constraint's internal triggers, not a sequence a column
/// owns), the extensions of the database (`plpgsql` aside), the indexes migrate's index does
/// not describe and the exclusion constraints, in the order they were made: kind, name, the
/// table (of a trigger, an index, a constraint), the statement that creates it.
// language=SQL
pub(crate) const INTROSPECT_OBJECTS: &str = concat!(
    "SELECT kind, name, on_table, definition FROM (\
SELECT p.oid, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END AS kind, p.proname::text AS name, NULL::text AS on_table, pg_get_functiondef(p.oid) AS definition \
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
WHERE n.nspname = current_schema() AND p.prokind IN ('f', 'p') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') \
UNION ALL SELECT c.oid, CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, c.relname::text, NULL, \
'CREATE ' || CASE c.relkind WHEN 'm' THEN 'MATERIALIZED ' ELSE '' END || 'VIEW ' || quote_ident(c.relname) || ' AS ' || pg_get_viewdef(c.oid, true) \
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') \
UNION ALL SELECT t.oid, 'trigger', t.tgname::text, c.relname::text, pg_get_triggerdef(t.oid, true) \
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_trigger'::regclass AND d.objid = t.oid AND d.deptype IN ('P', 'S')) \
UNION ALL SELECT c.oid, 'sequence', c.relname::text, NULL, \
'CREATE SEQUENCE ' || quote_ident(c.relname) || ' AS ' || format_type(s.seqtypid, NULL) || ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END \
FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace \
WHERE n.nspname = current_schema() AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e')) \
UNION ALL SELECT e.oid, 'extension', e.extname::text, NULL, \
'CREATE EXTENSION IF NOT EXISTS ' || quote_ident(e.extname) || CASE WHEN n.nspname <> current_schema() THEN ' WITH SCHEMA ' || quote_ident(n.nspname) ELSE '' END \
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' \
UNION ALL SELECT x.indexrelid, 'index', i.relname::text, t.relname::text, pg_get_indexdef(x.indexrelid) \
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') AND NOT i.relispartition AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) AND NOT \
",
    described_index!(),
    " \
UNION ALL SELECT c.oid, 'constraint', c.conname::text, t.relname::text, 'ALTER TABLE ' || quote_ident(t.relname) || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) \
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND c.contype = 'x'\
) objects ORDER BY oid"
);
