//! A `#[derive(ModelEnum)]` enum binds and reads in data steps as itself: bound as a label
//! of its type (a value of the enum type on PostgreSQL, text elsewhere, as
//! [`Label`](super::Label)), read from the label.

/// The labels of an enum of a model (`#[derive(ModelEnum)]` implements it), which make the
/// enum bind and read in a data step's typed SQL.
///
/// ```no_run
/// # use migrate_runtime::prelude::*;
/// use migrate_runtime::model::ModelEnum;
///
/// #[derive(Debug, Clone, Copy, PartialEq, ModelEnum)]
/// pub enum PostStatus {
///     Draft,
///     Published,
/// }
///
/// async fn publish(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
///     ctx.query("UPDATE posts SET status = ? WHERE status = ?")
///         .bind(PostStatus::Published)
///         .bind(PostStatus::Draft)
///         .execute(ctx.conn())
///         .await?;
///     Ok(())
/// }
/// ```
pub trait EnumLabels: Sized {
    /// The name of its type, as `Type::enumeration` names it.
    const TYPE_NAME: &'static str;

    /// The label of this value.
    fn label(&self) -> &'static str;

    /// The value of `label`, if it is one.
    fn from_label(label: &str) -> Option<Self>;
}

/// The portable database's `Type`, `Encode` and `Decode` for `$ty`, an [`EnumLabels`] of the
/// crate invoking it (what `#[derive(ModelEnum)]` expands to).
#[doc(hidden)]
#[macro_export]
macro_rules! __portable_enum {
    ($ty:ty) => {
        impl $crate::__private::sqlx::Type<$crate::portable::Portable> for $ty {
            fn type_info() -> $crate::portable::PortableTypeInfo {
                <$crate::portable::Label as $crate::__private::sqlx::Type<
                    $crate::portable::Portable,
                >>::type_info()
            }

            fn compatible(ty: &$crate::portable::PortableTypeInfo) -> bool {
                <::std::string::String as $crate::__private::sqlx::Type<
                    $crate::portable::Portable,
                >>::compatible(ty)
            }
        }

        impl $crate::__private::sqlx::Encode<'_, $crate::portable::Portable> for $ty {
            fn produces(&self) -> ::std::option::Option<$crate::portable::PortableTypeInfo> {
                $crate::__private::sqlx::Encode::<$crate::portable::Portable>::produces(
                    &$crate::portable::Label::new(
                        <$ty as $crate::portable::EnumLabels>::TYPE_NAME,
                        $crate::portable::EnumLabels::label(self),
                    ),
                )
            }

            fn encode_by_ref(
                &self,
                buf: &mut ::std::vec::Vec<$crate::schema::Value>,
            ) -> ::std::result::Result<
                $crate::__private::sqlx::encode::IsNull,
                $crate::__private::sqlx::error::BoxDynError,
            > {
                $crate::__private::sqlx::Encode::<$crate::portable::Portable>::encode_by_ref(
                    &$crate::portable::Label::new(
                        <$ty as $crate::portable::EnumLabels>::TYPE_NAME,
                        $crate::portable::EnumLabels::label(self),
                    ),
                    buf,
                )
            }
        }

        impl<'r> $crate::__private::sqlx::Decode<'r, $crate::portable::Portable> for $ty {
            fn decode(
                value: $crate::portable::PortableValueRef<'r>,
            ) -> ::std::result::Result<Self, $crate::__private::sqlx::error::BoxDynError> {
                let label = <::std::string::String as $crate::__private::sqlx::Decode<
                    'r,
                    $crate::portable::Portable,
                >>::decode(value)?;
                <$ty as $crate::portable::EnumLabels>::from_label(&label).ok_or_else(|| {
                    ::std::format!(
                        "`{label}` is not a value of the enum type `{}`",
                        <$ty as $crate::portable::EnumLabels>::TYPE_NAME
                    )
                    .into()
                })
            }
        }
    };
}
