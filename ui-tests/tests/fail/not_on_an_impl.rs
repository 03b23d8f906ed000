use migrate_runtime::prelude::*;

#[migration(revision = "a1b2c3d4e5f6")]
pub struct Init;

fn main() {}
