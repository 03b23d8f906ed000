use migrate_runtime::prelude::*;

#[data_step]
fn fill(_ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    Ok(())
}

fn main() {}
