//! A free-text description for each product.

use migrate_runtime::prelude::*;

pub struct AddProductDescription;

#[migration(revision = "c47a9e1b3d58", down = "8d2f4a6c0e91", message = "add product description")]
impl Migration for AddProductDescription {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::add_column("products", Column::new("description", Type::Text)))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_column("products", "description"))
    }
}
