//! A status for every product: added nullable, filled for existing rows, then required.

use migrate_runtime::prelude::*;

pub struct AddProductStatus;

#[migration(revision = "e9c3a5b7d142", down = "1f6b8d0a2c73", message = "add product status")]
impl Migration for AddProductStatus {
    fn upgrade(&self) -> Plan {
        Plan::new()
            .op(op::add_column("products", Column::new("status", Type::Varchar(20))))
            .op(op::execute("UPDATE products SET status = 'active' WHERE status IS NULL"))
            .op(op::alter_column("products", "status").nullable(false))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_column("products", "status"))
    }
}
