use migrate_runtime::prelude::*;

/// Documented, and fingerprinted.
#[data_step]
async fn fill(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    ctx.query("UPDATE t SET x = 1").execute(ctx.conn()).await?;
    Ok(())
}

pub struct WithData;

#[migration(revision = "d1d1d1d1d1d1", irreversible)]
impl Migration for WithData {
    fn upgrade(&self) -> Plan {
        Plan::new().data("fill", fill)
    }
}

fn main() {
    let plan = WithData.upgrade();
    let migrate_runtime::Step::Data(step) = &plan.steps()[0] else {
        panic!("a data step");
    };
    assert!(step.fingerprint().is_some(), "the attribute registers the code");
}
