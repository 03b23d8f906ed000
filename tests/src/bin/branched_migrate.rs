//! A command line over the history of Alembic's branching documentation: two branches from
//! one base (one labelled `shoppingcart`), and a `networking` branch of its own base whose
//! last revision depends on the account branch. Tests run it as a process.

use std::process::ExitCode;

use migrate_runtime::Migrations;
use migrate_runtime::prelude::*;

/// A migration that creates one table named after it.
macro_rules! table_migration {
    ($name:ident, $table:literal, $($header:tt)*) => {
        /// Creates its table.
        pub struct $name;

        #[migration($($header)*)]
        impl Migration for $name {
            fn upgrade(&self) -> Plan {
                Plan::new().op(op::create_table($table).column(Column::new("id", Type::Integer)))
            }
        }
    };
}

table_migration!(
    CreateAccount,
    "account",
    revision = "1975ea83b712",
    message = "create account table"
);
table_migration!(
    AddColumn,
    "account_extra",
    revision = "ae1027a6acf",
    down = "1975ea83b712",
    message = "add a column"
);
table_migration!(
    ShoppingCart,
    "shopping_cart",
    revision = "27c6a30d7c24",
    down = "1975ea83b712",
    branch_labels = "shoppingcart",
    message = "add shopping cart table"
);
table_migration!(
    AnotherAccountColumn,
    "account_more",
    revision = "55af2cb1c267",
    down = "ae1027a6acf",
    message = "add another account column"
);
table_migration!(
    Networking,
    "networking",
    revision = "3cac04ae8714",
    branch_labels = "networking",
    message = "create networking branch"
);
table_migration!(
    IpNumbers,
    "ip_number",
    revision = "109ec7d132bf",
    down = "3cac04ae8714",
    message = "add ip number table"
);
table_migration!(
    Dns,
    "dns",
    revision = "29f859a13ea",
    down = "109ec7d132bf",
    message = "add DNS table"
);
table_migration!(
    IpAccount,
    "ip_account",
    revision = "2a95102259be",
    down = "29f859a13ea",
    depends_on = "55af2cb1c267",
    message = "add ip account table"
);

fn main() -> ExitCode {
    let migrations = Migrations::from_defs([
        &CreateAccount::MIGRATION,
        &AddColumn::MIGRATION,
        &ShoppingCart::MIGRATION,
        &AnotherAccountColumn::MIGRATION,
        &Networking::MIGRATION,
        &IpNumbers::MIGRATION,
        &Dns::MIGRATION,
        &IpAccount::MIGRATION,
    ]);
    migrate_cli::main(migrations.with_versions_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin")))
}
