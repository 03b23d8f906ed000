//! Column lists as builders take them: one name or several.

/// One column name or several: `"email"`, `["tenant_id", "email"]`, a `Vec` or a slice.
///
/// ```
/// use migrate_runtime::op;
///
/// let one = op::create_index("ix_users_email", "users", "email");
/// let two = op::create_index("ix_users_tenant_email", "users", ["tenant_id", "email"]);
/// # let _ = (one, two);
/// ```
pub trait ColumnNames {
    /// The names, in order.
    fn into_names(self) -> Vec<String>;
}

impl ColumnNames for &str {
    fn into_names(self) -> Vec<String> {
        vec![self.to_owned()]
    }
}

impl ColumnNames for String {
    fn into_names(self) -> Vec<String> {
        vec![self]
    }
}

impl<T: Into<String>, const N: usize> ColumnNames for [T; N] {
    fn into_names(self) -> Vec<String> {
        self.into_iter().map(Into::into).collect()
    }
}

impl<T: Into<String>> ColumnNames for Vec<T> {
    fn into_names(self) -> Vec<String> {
        self.into_iter().map(Into::into).collect()
    }
}

impl<T: Into<String> + Clone> ColumnNames for &[T] {
    fn into_names(self) -> Vec<String> {
        self.iter().cloned().map(Into::into).collect()
    }
}
