//! [`Located`]: a value the user wrote, together with where they wrote it.

use std::borrow::Cow;
use std::cmp::Ordering;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};

pub use crate::diagnostic::Span;

/// A value read from a model file with the byte span it was written at, so that checks made long
/// after parsing (unknown ids, values out of range) can still point at the exact place.
///
/// Equality and ordering look at the value only: two `Located` ids written in different places are
/// the same id.
#[derive(Clone, Debug, Default)]
pub struct Located<T> {
    /// The value as written.
    pub value: T,
    /// Where it was written (byte offsets into the model text).
    pub span: Span,
}

impl<T> Located<T> {
    /// A value with a span, for building files in code and tests.
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}

impl<T: PartialEq> PartialEq for Located<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Located<T> {}

impl<T: PartialOrd> PartialOrd for Located<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Located<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_spanned::Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.span();
        Ok(Located {
            value: spanned.into_inner(),
            span,
        })
    }
}

/// The schema of a located value is the schema of the value: the span is not part of the format.
impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
