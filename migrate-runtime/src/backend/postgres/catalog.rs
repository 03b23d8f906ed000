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

/// Whether the `pg_namespace` row `$n` is a schema migrate reads: the current one and every
/// other one a team made (not PostgreSQL's own, not a temporary one, not an extension's).
macro_rules! read_schema {
    ($n:literal) => {
        concat!(
            "(", $n, ".nspname = current_schema() OR (", $n,
            ".nspname NOT IN ('pg_catalog', 'information_schema') AND ", $n,
            ".nspname NOT LIKE 'pg\\_%' AND NOT EXISTS (SELECT 1 FROM pg_depend ext WHERE ext.classid = 'pg_namespace'::regclass AND ext.objid = ",
            $n, ".oid AND ext.deptype = 'e')))"
        )
    };
}

/// The name `$name` of a table, type, view, routine or sequence of the `pg_namespace` row
/// `$n` as migrate spells it: bare in the current schema, `schema.name` in another.
macro_rules! spelt {
    ($n:literal, $name:literal) => {
        concat!(
            "(CASE WHEN ",
            $n,
            ".nspname = current_schema() THEN ",
            $name,
            "::text ELSE ",
            $n,
            ".nspname || '.' || ",
            $name,
            " END)"
        )
    };
}

/// The same name quoted for SQL: `"name"` or `"schema"."name"`.
macro_rules! quoted {
    ($n:literal, $name:literal) => {
        concat!(
            "(CASE WHEN ",
            $n,
            ".nspname = current_schema() THEN '' ELSE quote_ident(",
            $n,
            ".nspname) || '.' END || quote_ident(",
            $name,
            "))"
        )
    };
}

/// The filter of a catalog read by the JSON array of table names bound as `$1` (`NULL`: every
/// table), the table's name spelt as migrate spells it.
macro_rules! only_tables {
    ($n:literal, $name:literal) => {
        concat!(
            "($1::text IS NULL OR ",
            spelt!($n, $name),
            " IN (SELECT json_array_elements_text($1::json)))"
        )
    };
}

/// For drift: the tables of the schemas migrate reads, with their comments.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_TABLES: &str = concat!(
    "SELECT ",
    spelt!("n", "c.relname"),
    ", obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ",
    read_schema!("n"),
    " AND c.relkind IN ('r', 'p') AND ",
    only_tables!("n", "c.relname"),
    " ORDER BY 1"
);

/// For drift: every column of every table, in order: table, name, type as the catalog writes it, nullability, default (a generated column's expression), comment, whether it is generated, the identity kind (`a` always, `d` by default, empty for none) and its sequence's start and increment, the collation where it is not the type's.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_COLUMNS: &str = concat!(
    "SELECT ",
    spelt!("n", "c.relname"),
    ", a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum), a.attgenerated = 's', a.attidentity::text, (SELECT ARRAY[s.seqstart, s.seqincrement] FROM pg_depend dep JOIN pg_sequence s ON s.seqrelid = dep.objid WHERE a.attidentity <> '' AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'), (SELECT co.collname::text FROM pg_collation co JOIN pg_type ty ON ty.oid = a.atttypid WHERE co.oid = a.attcollation AND a.attcollation <> ty.typcollation) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE ",
    read_schema!("n"),
    " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ",
    only_tables!("n", "c.relname"),
    " ORDER BY 1, a.attnum"
);

/// For drift: every constraint of every table: table, name, kind, columns, referred table and columns, actions, check condition.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_CONSTRAINTS: &str = concat!(
    "SELECT ",
    spelt!("n", "t.relname"),
    ", c.conname::text, c.contype::text, ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(num, pos) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.pos), COALESCE(",
    spelt!("fs", "f.relname"),
    ", ''), ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(num, pos) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.pos), c.confdeltype::text, c.confupdtype::text, CASE WHEN c.contype = 'c' THEN pg_get_expr(c.conbin, c.conrelid) ELSE '' END, CASE WHEN c.condeferrable THEN c.condeferred END FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class f ON f.oid = c.confrelid LEFT JOIN pg_namespace fs ON fs.oid = f.relnamespace WHERE ",
    read_schema!("n"),
    " AND t.relkind IN ('r', 'p') AND ",
    only_tables!("n", "t.relname"),
    " ORDER BY 1, 2"
);

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
    "SELECT ",
    spelt!("n", "t.relname"),
    ", i.relname::text, x.indisunique, pg_get_expr(x.indpred, x.indrelid), ARRAY(SELECT CASE WHEN x.indkey[k - 1] = 0 THEN pg_get_indexdef(x.indexrelid, k, true) ELSE (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k - 1]) END FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k), ARRAY(SELECT x.indoption[k - 1]::int4 FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k), ARRAY(SELECT a.attname::text FROM generate_series(x.indnkeyatts + 1, x.indnatts) AS k JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k - 1] ORDER BY k) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE ",
    read_schema!("n"),
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) AND ",
    described_index!(),
    " AND ",
    only_tables!("n", "t.relname"),
    " ORDER BY 1, 2"
);

/// For drift: the enum types of the schemas migrate reads with their labels in order.
// language=SQL
pub(crate) const INTROSPECT_ENUMS: &str = concat!(
    "SELECT ",
    spelt!("n", "t.typname"),
    ", ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ",
    read_schema!("n"),
    " AND t.typtype = 'e' ORDER BY 1"
);

/// What a table has that migrate neither describes nor holds whole: its partitioning (a
/// partitioned table's key, a partition's parent and bounds), its parents by inheritance, an
/// unlogged table, storage parameters, row level security. Table, what, the SQL it takes.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_NOT_DESCRIBED: &str = concat!(
    "SELECT name, what, sql FROM (SELECT ",
    spelt!("n", "c.relname"),
    " AS name, c.oid, x.what, x.sql FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
CROSS JOIN LATERAL (\
SELECT 'partitioning' AS what, 'PARTITION BY ' || pg_get_partkeydef(c.oid) AS sql WHERE c.relkind = 'p' \
UNION ALL SELECT 'partition', 'PARTITION OF ' || i.inhparent::regclass::text || ' ' || pg_get_expr(c.relpartbound, c.oid) \
FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition \
UNION ALL SELECT 'inheritance', 'INHERITS (' || string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) || ')' \
FROM pg_inherits i WHERE i.inhrelid = c.oid AND NOT c.relispartition HAVING count(*) > 0 \
UNION ALL SELECT 'unlogged table', 'CREATE UNLOGGED TABLE' WHERE c.relpersistence = 'u' \
UNION ALL SELECT 'storage parameters', 'ALTER TABLE ' || c.oid::regclass::text || ' SET (' || array_to_string(c.reloptions, ', ') || ')' WHERE c.reloptions IS NOT NULL \
UNION ALL SELECT 'row level security', 'ALTER TABLE ' || c.oid::regclass::text || ' ENABLE ROW LEVEL SECURITY' WHERE c.relrowsecurity \
UNION ALL SELECT 'policy', 'CREATE POLICY ' || quote_ident(p.polname) || ' ON ' || c.oid::regclass::text || \
CASE WHEN p.polpermissive THEN '' ELSE ' AS RESTRICTIVE' END || ' FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END || \
' TO ' || CASE WHEN p.polroles = '{0}' THEN 'PUBLIC' ELSE (SELECT string_agg(quote_ident(r.rolname), ', ') FROM pg_roles r WHERE r.oid = ANY (p.polroles)) END || \
COALESCE(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '') || COALESCE(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '') \
FROM pg_policy p WHERE p.polrelid = c.oid\
) x WHERE ",
    read_schema!("n"),
    " AND c.relkind IN ('r', 'p') AND ",
    only_tables!("n", "c.relname"),
    ") found ORDER BY name, what, sql"
);

/// The schemas migrate reads other than the current one and `public`; domains, composite
/// and range types, views, materialized views, functions, procedures, triggers and sequences
/// of the schemas migrate reads (not an extension's, not a range type's constructors, not a
/// constraint's internal triggers, not a sequence a column owns), the extensions of the database (`plpgsql` aside), the indexes migrate's index does
/// not describe and the exclusion constraints, in the order they were made: kind, name, the
/// table (of a trigger, an index, a constraint), the statement that creates it.
// language=SQL
pub(crate) const INTROSPECT_OBJECTS: &str = concat!(
    "SELECT kind, name, on_table, definition FROM (\
SELECT n.oid, 'schema' AS kind, n.nspname::text AS name, NULL::text AS on_table, 'CREATE SCHEMA ' || quote_ident(n.nspname) AS definition \
FROM pg_namespace n WHERE ",
    read_schema!("n"),
    " AND n.nspname NOT IN ('public', current_schema()) \
UNION ALL SELECT t.oid, 'domain', ",
    spelt!("n", "t.typname"),
    ", NULL, 'CREATE DOMAIN ' || ",
    quoted!("n", "t.typname"),
    " || ' AS ' || format_type(t.typbasetype, t.typtypmod) || COALESCE(' DEFAULT ' || t.typdefault, '') || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END || \
COALESCE((SELECT string_agg(' CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), '' ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), '') \
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ",
    read_schema!("n"),
    " AND t.typtype = 'd' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e') \
UNION ALL SELECT t.oid, 'type', ",
    spelt!("n", "t.typname"),
    ", NULL, 'CREATE TYPE ' || ",
    quoted!("n", "t.typname"),
    " || CASE t.typtype WHEN 'r' THEN ' AS RANGE (SUBTYPE = ' || (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) || ')' \
ELSE ' AS (' || (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')' END \
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ",
    read_schema!("n"),
    " AND (t.typtype = 'r' OR (t.typtype = 'c' AND (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c')) AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e') \
UNION ALL SELECT p.oid, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, ",
    spelt!("n", "p.proname"),
    ", NULL, pg_get_functiondef(p.oid) \
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
WHERE ",
    read_schema!("n"),
    " AND p.prokind IN ('f', 'p') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype IN ('e', 'i')) \
UNION ALL SELECT c.oid, CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, ",
    spelt!("n", "c.relname"),
    ", NULL, \
'CREATE ' || CASE c.relkind WHEN 'm' THEN 'MATERIALIZED ' ELSE '' END || 'VIEW ' || ",
    quoted!("n", "c.relname"),
    " || ' AS ' || pg_get_viewdef(c.oid, true) \
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
WHERE ",
    read_schema!("n"),
    " AND c.relkind IN ('v', 'm') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') \
UNION ALL SELECT t.oid, 'trigger', t.tgname::text, ",
    spelt!("n", "c.relname"),
    ", pg_get_triggerdef(t.oid, true) \
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
WHERE ",
    read_schema!("n"),
    " AND NOT t.tgisinternal AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_trigger'::regclass AND d.objid = t.oid AND d.deptype IN ('P', 'S')) \
UNION ALL SELECT c.oid, 'sequence', ",
    spelt!("n", "c.relname"),
    ", NULL, \
'CREATE SEQUENCE ' || ",
    quoted!("n", "c.relname"),
    " || ' AS ' || format_type(s.seqtypid, NULL) || ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END \
FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace \
WHERE ",
    read_schema!("n"),
    " AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e')) \
UNION ALL SELECT e.oid, 'extension', e.extname::text, NULL, \
'CREATE EXTENSION IF NOT EXISTS ' || quote_ident(e.extname) || CASE WHEN n.nspname <> current_schema() THEN ' WITH SCHEMA ' || quote_ident(n.nspname) ELSE '' END \
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' \
UNION ALL SELECT x.indexrelid, 'index', i.relname::text, ",
    spelt!("n", "t.relname"),
    ", pg_get_indexdef(x.indexrelid) \
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
WHERE ",
    read_schema!("n"),
    " AND t.relkind IN ('r', 'p') AND NOT i.relispartition AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) AND NOT \
",
    described_index!(),
    " \
UNION ALL SELECT c.oid, 'constraint', c.conname::text, ",
    spelt!("n", "t.relname"),
    ", 'ALTER TABLE ' || ",
    quoted!("n", "t.relname"),
    " || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) \
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE ",
    read_schema!("n"),
    " AND c.contype = 'x'\
) objects ORDER BY oid"
);
