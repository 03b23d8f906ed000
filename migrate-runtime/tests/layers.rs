//! The runtime is a one-way stack: each top-level module uses only the modules of the layers
//! below its own, so there is no import cycle. This test reads every `crate::…` path in the
//! sources (tests and comments aside) and names each one that points up or sideways. It does
//! not see a method a higher module adds to a lower type and a lower module calls (keep such
//! methods beside their type, as `Dialect::placeholders_for` is in `dialect.rs`).

use std::collections::BTreeSet;
use std::path::Path;

/// The layers, bottom first; a module may use the modules of earlier layers only.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "values with no dependencies",
        &["dialect", "clock", "history", "progress"],
    ),
    ("the vocabulary of columns, types and names", &["schema"]),
    ("the driver's connection", &["connection"]),
    ("portable queries on it", &["portable"]),
    ("data steps", &["data_step"]),
    ("ops", &["op"]),
    ("SQL per database", &["backend"]),
    ("plans of ops and data steps", &["plan"]),
    ("migrations", &["migration"]),
    ("the schema as a value (pure)", &["state"]),
    ("the catalog read into a schema", &["introspect"]),
    ("database I/O", &["database"]),
    ("the migration lock", &["lock"]),
    ("running a step", &["executor"]),
    ("models", &["model"]),
    ("autogenerate", &["autogenerate"]),
    ("the registry of migrations", &["registry"]),
    ("errors", &["error"]),
    ("the migrator", &["migrator"]),
    ("the test kit", &["testing"]),
];

/// The crate root only declares modules and re-exports: it is above every layer.
const ROOT: &str = "lib";

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The top-level modules a source names through `crate::…`, outside comments and
/// `#[cfg(test)]` code.
fn used_modules(source: &str) -> BTreeSet<String> {
    let code = source
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut used = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        // `$crate::` in an exported macro is a public path as the user's crate names it.
        let exported = rest[..at].ends_with('$');
        rest = &rest[at + "crate::".len()..];
        if exported {
            continue;
        }
        match rest.strip_prefix('{') {
            // `crate::{a, b::c, d}`: the first name of each item of the group.
            Some(group) => {
                let mut depth = 0usize;
                let mut item_start = true;
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            rest = &group[i..];
                            break;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if item_start && (c.is_alphanumeric() || c == '_') => {
                            let name: String = group[i..]
                                .chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_')
                                .collect();
                            used.insert(name);
                            item_start = false;
                        }
                        _ => {}
                    }
                }
            }
            None => {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                used.insert(name);
            }
        }
    }
    used
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    assert!(files.len() > 50, "the sources are read: {files:?}");
    let mut problems = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap_or(file);
        let first = relative.components().next();
        let module = first
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_owned();
        if module == ROOT {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            problems.push(format!(
                "`{module}` is in no layer: add it to LAYERS where it belongs"
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for used in used_modules(&text) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(layer) if layer < own => {}
                Some(layer) => problems.push(format!(
                    "{} uses `crate::{used}` ({}), which is not below `{module}` ({})",
                    relative.display(),
                    LAYERS[layer].0,
                    LAYERS[own].0
                )),
                None => problems.push(format!(
                    "{} uses `crate::{used}`: name the module it comes from, not a re-export of the crate root",
                    relative.display()
                )),
            }
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_use_upwards_is_found() {
    let used = used_modules(
        "use crate::{op::{self, Op}, state::Schema};\nlet x = crate::executor::run();\nimpl $crate::portable::X for $ty {}\n// crate::migrator in a comment\n#[cfg(test)]\nuse crate::testing;",
    );
    assert_eq!(
        used.into_iter().collect::<Vec<_>>(),
        ["executor", "op", "state"]
    );
}
