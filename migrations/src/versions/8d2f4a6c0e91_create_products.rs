//! The product catalogue, with an exact price.

use migrate_runtime::prelude::*;

pub struct CreateProducts;

#[migration(revision = "8d2f4a6c0e91", down = "3b5e1c9a7f20", message = "create products")]
impl Migration for CreateProducts {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("products")
            .column(Column::new("id", Type::BigSerial).primary_key())
            .column(Column::new("sku", Type::Varchar(64)).not_null().unique())
            .column(Column::new("name", Type::Text).not_null())
            .column(Column::new("price", Type::numeric(10, 2)).not_null())
            .column(Column::new("created_at", Type::TimestampTz).default_sql("CURRENT_TIMESTAMP")))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_table("products"))
    }
}
