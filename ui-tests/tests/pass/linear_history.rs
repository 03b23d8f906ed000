use migrate_runtime::prelude::*;

pub struct CreateUsers;

#[migration(revision = "a1b2c3d4e5f6", message = "create users")]
impl Migration for CreateUsers {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("users").column(Column::new("id", Type::Uuid).primary_key()))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_table("users"))
    }
}

pub struct AddEmail;

#[migration(revision = "b2c3d4e5f6a1", down = "a1b2c3d4e5f6", message = "add email")]
impl Migration for AddEmail {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::add_column("users", Column::new("email", Type::Text)))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_column("users", "email"))
    }
}

fn main() {
    assert_eq!(AddEmail::MIGRATION.down(), ["a1b2c3d4e5f6"]);
    assert_eq!(migrate_runtime::Migrations::registered().defs().len(), 2);
}
