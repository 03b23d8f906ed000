//! Typed values for `execute` binds and `bulk_insert` rows, written into SQL as literals
//! escaped by the dialect, so that offline SQL shows exactly what runs.

/// A value of a row or a bind.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number (finite).
    Float(f64),
    /// Text.
    Text(String),
    /// Binary data.
    Bytes(Vec<u8>),
}

macro_rules! value_from {
    ($($source:ty => $variant:ident($convert:expr)),* $(,)?) => {
        $(
            impl From<$source> for Value {
                fn from(value: $source) -> Self {
                    Value::$variant($convert(value))
                }
            }
        )*
    };
}

value_from! {
    bool => Bool(std::convert::identity),
    i16 => Int(i64::from),
    i32 => Int(i64::from),
    i64 => Int(std::convert::identity),
    u32 => Int(i64::from),
    f32 => Float(f64::from),
    f64 => Float(std::convert::identity),
    &str => Text(str::to_owned),
    String => Text(std::convert::identity),
    Vec<u8> => Bytes(std::convert::identity),
    &[u8] => Bytes(<[u8]>::to_vec),
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

/// A row of values, from a tuple of values or a `Vec<Value>`.
pub trait IntoRow {
    /// The values, in column order.
    fn into_row(self) -> Vec<Value>;
}

impl IntoRow for Vec<Value> {
    fn into_row(self) -> Vec<Value> {
        self
    }
}

macro_rules! tuple_rows {
    ($(($($name:ident),+)),* $(,)?) => {
        $(
            impl<$($name: Into<Value>),+> IntoRow for ($($name,)+) {
                #[allow(non_snake_case)]
                fn into_row(self) -> Vec<Value> {
                    let ($($name,)+) = self;
                    vec![$($name.into()),+]
                }
            }
        )*
    };
}

tuple_rows! {
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F),
    (A, B, C, D, E, F, G),
    (A, B, C, D, E, F, G, H),
}
