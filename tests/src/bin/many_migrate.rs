//! A command line over a linear history of 200 migrations, each creating one table
//! (`t_r000` … `t_r199`), for the crash-safety tests that kill it part-way.

use std::process::ExitCode;

use migrate_tests::fixture::{Header, table_per_revision};

fn main() -> ExitCode {
    let names: &'static [&'static str] = Vec::leak(
        (0..200)
            .map(|i| &*Box::leak(format!("r{i:03}").into_boxed_str()))
            .collect(),
    );
    let headers: Vec<Header> = names
        .iter()
        .enumerate()
        .map(|(i, &name)| {
            let down: &'static [&'static str] = match i {
                0 => &[],
                _ => std::slice::from_ref(&names[i - 1]),
            };
            (name, down, &[][..], &[][..])
        })
        .collect();
    migrate_cli::main(
        table_per_revision(&headers)
            .with_versions_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin")),
    )
}
