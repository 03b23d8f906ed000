//! A pool migrate cannot connect like (here, not a pool at all) says which pools it takes.

use migrate_runtime::{Migrations, Migrator};

fn main() {
    let url = String::from("postgres://localhost/app");
    let _ = Migrator::from_pool(&url, &Migrations::default());
}
