//! The save's side of [`crate::json`]: [`saved_fields!`], which declares how a struct is
//! written into a save and read back from it in one line.

/// Writes and reads the named fields of a struct, in the order given (that of their
/// declaration, as serde's derive wrote them): [`crate::json::ToJson`] and [`super::read::FromSaved`] in
/// one declaration, so that they cannot disagree. Fields after `or_default`, which saves of
/// earlier formats lack, read as their default where missing; fields after `if_true` (flags)
/// are written only when true and read as false where missing.
macro_rules! saved_fields {
    ($type:ident { $($field:ident),* $(,)? }
        $(or_default { $($newer:ident),* $(,)? })?
        $(if_true { $($flag:ident),* $(,)? })?) => {
        impl $crate::persist::read::FromSaved for $type {
            fn from_saved(value: &$crate::json::read::Json) -> Result<Self, String> {
                use $crate::persist::read::field;
                Ok($type {
                    $($field: field(value, stringify!($field))?,)*
                    $($($newer: field::<Option<_>>(value, stringify!($newer))?.unwrap_or_default(),)*)?
                    $($($flag: field::<Option<bool>>(value, stringify!($flag))?.unwrap_or(false),)*)?
                })
            }
        }

        impl $crate::json::ToJson for $type {
            fn write_json(&self, out: &mut $crate::json::JsonOut) {
                out.open('{');
                $(out.field(concat!("\"", stringify!($field), "\":"), &self.$field);)*
                $($(out.field(concat!("\"", stringify!($newer), "\":"), &self.$newer);)*)?
                $($(if self.$flag {
                    out.field(concat!("\"", stringify!($flag), "\":"), &true);
                })*)?
                out.close('}');
            }
        }
    };
}
pub(crate) use saved_fields;
