//! Every file of `src/versions/` becomes a module of this crate; see `migrate_build`.

fn main() -> std::io::Result<()> {
    migrate_build::generate()
}
