//! The small value types of the model format that accept more than one written form: uncertain
//! quantities, FCM weights, CIB impact cells, quotes and clamps.
//!
//! Each has a hand-written `Deserialize` (so that a malformed value gets an error that says which
//! forms are accepted, instead of serde's "data did not match any variant") and a hand-written JSON
//! Schema with the same forms.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

/// A number that may be uncertain: exact, an interval, or a triangular fuzzy number.
///
/// Written as `7`, `[5, 9]` (uniform on the interval) or `[5, 7, 9]` (triangular: low, mode,
/// high).
/// It is written the same way in JSON output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    /// A known value.
    Exact {
        /// The value.
        value: f64,
    },
    /// Any value in `[low, high]`, uniformly.
    Interval {
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
    },
    /// A triangular fuzzy number (or distribution) with support `[low, high]` and peak at `mode`.
    Triangular {
        /// Lower end of the support.
        low: f64,
        /// The most plausible value.
        mode: f64,
        /// Upper end of the support.
        high: f64,
    },
}

impl Quantity {
    /// The value used when uncertainty is ignored: the mean of the distribution (the exact value,
    /// the interval's midpoint, or the triangle's centroid `(low + mode + high) / 3`, which is also
    /// its centroid defuzzification).
    pub fn nominal(&self) -> f64 {
        match *self {
            Quantity::Exact { value } => value,
            Quantity::Interval { low, high } => (low + high) / 2.0,
            Quantity::Triangular { low, mode, high } => (low + mode + high) / 3.0,
        }
    }

    /// The smallest and largest possible values.
    pub fn bounds(&self) -> (f64, f64) {
        match *self {
            Quantity::Exact { value } => (value, value),
            Quantity::Interval { low, high } | Quantity::Triangular { low, high, .. } => {
                (low, high)
            }
        }
    }

    /// Whether the value is uncertain (an interval or a triangle of non-zero width).
    pub fn is_uncertain(&self) -> bool {
        let (low, high) = self.bounds();
        low < high
    }

    /// What is wrong with this quantity on its own (ends out of order, not finite), if anything.
    pub fn defect(&self) -> Option<String> {
        let numbers: &[f64] = match self {
            Quantity::Exact { value } => &[*value],
            Quantity::Interval { low, high } => &[*low, *high],
            Quantity::Triangular { low, mode, high } => &[*low, *mode, *high],
        };
        if numbers.iter().any(|x| !x.is_finite()) {
            return Some("the value is not a finite number".into());
        }
        match *self {
            Quantity::Interval { low, high } if low > high => Some(format!(
                "the interval's low end {low} is above its high end {high}"
            )),
            Quantity::Triangular { low, mode, high } if !(low <= mode && mode <= high) => {
                Some(format!(
                    "a triangular value is written [low, mode, high] with low ≤ mode ≤ high, but this one is [{low}, {mode}, {high}]"
                ))
            }
            _ => None,
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Quantity::Exact { value } => serializer.serialize_f64(value),
            Quantity::Interval { low, high } => [low, high].serialize(serializer),
            Quantity::Triangular { low, mode, high } => [low, mode, high].serialize(serializer),
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Exact { value } => write!(f, "{value}"),
            Quantity::Interval { low, high } => write!(f, "[{low}, {high}]"),
            Quantity::Triangular { low, mode, high } => write!(f, "[{low}, {mode}, {high}]"),
        }
    }
}

const QUANTITY_FORMS: &str =
    "a number (7), an interval [low, high] or a triangular value [low, mode, high]";

struct QuantityVisitor;

impl<'de> Visitor<'de> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(QUANTITY_FORMS)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
        Ok(Quantity::Exact { value: v as f64 })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
        Ok(Quantity::Exact { value: v as f64 })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
        Ok(Quantity::Exact { value: v })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Quantity, A::Error> {
        let mut numbers = Vec::with_capacity(3);
        while let Some(x) = seq.next_element::<f64>()? {
            numbers.push(x);
        }
        match numbers[..] {
            [low, high] => Ok(Quantity::Interval { low, high }),
            [low, mode, high] => Ok(Quantity::Triangular { low, mode, high }),
            _ => Err(de::Error::custom(format!(
                "an uncertain value has 2 numbers [low, high] or 3 numbers [low, mode, high], not {}",
                numbers.len()
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(QuantityVisitor)
    }
}

impl JsonSchema for Quantity {
    fn schema_name() -> Cow<'static, str> {
        "Quantity".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number that may be uncertain: a number, an interval [low, high] (uniform), or a triangular value [low, mode, high].",
            "oneOf": [
                { "type": "number" },
                { "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 3 }
            ]
        })
    }
}

/// The weight of an FCM causal link as written: a quantity or a linguistic term such as
/// `"+strong"` (see [`crate::model::terms`]).
#[derive(Clone, Debug, PartialEq)]
pub enum WeightSpec {
    /// A number, interval or triangular fuzzy number in [-1, 1].
    Quantity(Quantity),
    /// A linguistic term, defined in the model's `[terms]` or among the defaults.
    Term(String),
}

struct WeightVisitor;

impl<'de> Visitor<'de> for WeightVisitor {
    type Value = WeightSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{QUANTITY_FORMS}, or a linguistic term such as \"+strong\""
        )
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<WeightSpec, E> {
        QuantityVisitor.visit_i64(v).map(WeightSpec::Quantity)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<WeightSpec, E> {
        QuantityVisitor.visit_u64(v).map(WeightSpec::Quantity)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<WeightSpec, E> {
        QuantityVisitor.visit_f64(v).map(WeightSpec::Quantity)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<WeightSpec, E> {
        Ok(WeightSpec::Term(v.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<WeightSpec, A::Error> {
        QuantityVisitor.visit_seq(seq).map(WeightSpec::Quantity)
    }
}

impl<'de> Deserialize<'de> for WeightSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WeightVisitor)
    }
}

impl JsonSchema for WeightSpec {
    fn schema_name() -> Cow<'static, str> {
        "Weight".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let quantity = generator.subschema_for::<Quantity>();
        json_schema!({
            "description": "An FCM weight in [-1, 1]: a number, an interval, a triangular fuzzy number, or a linguistic term such as \"+strong\".",
            "oneOf": [quantity, { "type": "string" }]
        })
    }
}

/// One cell of a CIB judgment block: an integer impact, or an integer interval `[low, high]`
/// that says how far the judgment is uncertain (its nominal value is then the midpoint rounded
/// towards zero, unless written as `[low, nominal, high]`). JSON output writes an exact impact as
/// an integer and an uncertain one as `[low, nominal, high]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImpactCell {
    /// The judgment used by default.
    pub nominal: i32,
    /// Lowest plausible judgment.
    pub low: i32,
    /// Highest plausible judgment.
    pub high: i32,
}

impl Serialize for ImpactCell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.low == self.high {
            serializer.serialize_i32(self.nominal)
        } else {
            [self.low, self.nominal, self.high].serialize(serializer)
        }
    }
}

struct ImpactVisitor;

impl ImpactVisitor {
    fn exact<E: de::Error>(v: i64) -> Result<ImpactCell, E> {
        let v = i32::try_from(v).map_err(|_| E::custom(format!("impact {v} is too large")))?;
        Ok(ImpactCell {
            nominal: v,
            low: v,
            high: v,
        })
    }
}

impl<'de> Visitor<'de> for ImpactVisitor {
    type Value = ImpactCell;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "an integer impact (-2), or an integer interval [low, high] or [low, nominal, high]",
        )
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ImpactCell, E> {
        Self::exact(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ImpactCell, E> {
        Self::exact(i64::try_from(v).unwrap_or(i64::MAX))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ImpactCell, E> {
        Err(E::custom(format!(
            "cross-impact judgments are integers, but this one is {v}: round it or rescale the block"
        )))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ImpactCell, A::Error> {
        let mut numbers = Vec::with_capacity(3);
        while let Some(x) = seq.next_element::<i32>()? {
            numbers.push(x);
        }
        let cell = match numbers[..] {
            // Midpoint rounded towards zero, so [-1, 2] is 0 and [1, 2] is 1.
            [low, high] => ImpactCell {
                nominal: (low + high) / 2,
                low,
                high,
            },
            [low, nominal, high] => ImpactCell { nominal, low, high },
            _ => {
                return Err(de::Error::custom(format!(
                    "an uncertain impact has 2 integers [low, high] or 3 [low, nominal, high], not {}",
                    numbers.len()
                )));
            }
        };
        if !(cell.low <= cell.nominal && cell.nominal <= cell.high) {
            return Err(de::Error::custom(format!(
                "an uncertain impact needs low ≤ nominal ≤ high, but this one is {numbers:?}"
            )));
        }
        Ok(cell)
    }
}

impl<'de> Deserialize<'de> for ImpactCell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ImpactVisitor)
    }
}

impl JsonSchema for ImpactCell {
    fn schema_name() -> Cow<'static, str> {
        "Impact".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A cross-impact judgment: an integer, or an integer interval [low, high] or [low, nominal, high].",
            "oneOf": [
                { "type": "integer" },
                { "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 3 }
            ]
        })
    }
}

/// One quote or several: `quote = "..."`, `quote = ["...", "..."]`, and in a list, a quote
/// with its own grade, `{ text = "...", stance = "reported" }`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quotes(pub Vec<QuoteSpec>);

/// One quoted passage as written, with the grade it was given (if any).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteSpec {
    /// The passage.
    pub text: String,
    /// What kind of support it is, when the quote says so itself.
    pub stance: Option<QuoteStance>,
}

impl QuoteSpec {
    fn plain(text: &str) -> Self {
        QuoteSpec {
            text: text.to_owned(),
            stance: None,
        }
    }
}

struct QuotesVisitor;

impl<'de> Visitor<'de> for QuotesVisitor {
    type Value = Quotes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a quoted passage, or a list of them")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Quotes, E> {
        Ok(Quotes(vec![QuoteSpec::plain(v)]))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Quotes, A::Error> {
        let mut quotes = Vec::new();
        while let Some(q) = seq.next_element::<QuoteSpec>()? {
            quotes.push(q);
        }
        Ok(Quotes(quotes))
    }
}

impl<'de> Deserialize<'de> for Quotes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(QuotesVisitor)
    }
}

struct QuoteVisitor;

impl<'de> Visitor<'de> for QuoteVisitor {
    type Value = QuoteSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a quoted passage, or { text = \"…\", stance = \"author\" }")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<QuoteSpec, E> {
        Ok(QuoteSpec::plain(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<QuoteSpec, A::Error> {
        let (mut text, mut stance) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "text" => text = Some(map.next_value()?),
                "stance" => stance = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, &["text", "stance"])),
            }
        }
        Ok(QuoteSpec {
            text: text.ok_or_else(|| de::Error::missing_field("text"))?,
            stance,
        })
    }
}

impl<'de> Deserialize<'de> for QuoteSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(QuoteVisitor)
    }
}

impl JsonSchema for Quotes {
    fn schema_name() -> Cow<'static, str> {
        "Quotes".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let stance = generator.subschema_for::<QuoteStance>();
        json_schema!({
            "description": "A verbatim passage of the source, or a list of them; in a list, a passage may carry its own grade as { text, stance }.",
            "oneOf": [
                { "type": "string" },
                {
                    "type": "array",
                    "items": {
                        "oneOf": [
                            { "type": "string" },
                            {
                                "type": "object",
                                "properties": { "text": { "type": "string" }, "stance": stance },
                                "required": ["text"],
                                "additionalProperties": false
                            }
                        ]
                    }
                }
            ]
        })
    }
}

/// What kind of support a quoted passage gives the judgment that cites it.
#[derive(Clone, Copy, Debug, serde::Deserialize, JsonSchema, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStance {
    /// The author's own judgment.
    Author,
    /// A fact or claim the text reports (others' views, events).
    Reported,
    /// A view the text states in order to reject it.
    Opposing,
    /// A what-if: the text's conditional or hypothetical reasoning.
    Hypothetical,
}

impl QuoteStance {
    /// Every grade, in the order `check` lists them.
    pub const ALL: [QuoteStance; 4] = [
        QuoteStance::Author,
        QuoteStance::Reported,
        QuoteStance::Opposing,
        QuoteStance::Hypothetical,
    ];

    /// What the stance says of a passage, in words.
    pub fn description(self) -> &'static str {
        match self {
            QuoteStance::Author => "the author's judgment",
            QuoteStance::Reported => "reported by the text",
            QuoteStance::Opposing => "a view the text rejects",
            QuoteStance::Hypothetical => "a what-if of the text",
        }
    }

    /// The grade as written in a model file.
    pub fn name(self) -> &'static str {
        match self {
            QuoteStance::Author => "author",
            QuoteStance::Reported => "reported",
            QuoteStance::Opposing => "opposing",
            QuoteStance::Hypothetical => "hypothetical",
        }
    }
}

/// How an option or trigger fixes one factor: a CIB state, an FCM activation value, or both.
///
/// Written as `"state"`, `0.8`, or `{ state = "state", value = 0.8 }`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClampSpec {
    /// The state the factor is fixed to (CIB).
    pub state: Option<String>,
    /// The activation the factor is clamped to (FCM).
    pub value: Option<f64>,
}

struct ClampVisitor;

impl<'de> Visitor<'de> for ClampVisitor {
    type Value = ClampSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a state name (\"strong\"), an activation value (0.8), or { state = \"strong\", value = 0.8 }",
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ClampSpec, E> {
        Ok(ClampSpec {
            state: Some(v.to_owned()),
            value: None,
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ClampSpec, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ClampSpec, E> {
        self.visit_f64(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ClampSpec, E> {
        Ok(ClampSpec {
            state: None,
            value: Some(v),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ClampSpec, A::Error> {
        let mut clamp = ClampSpec::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "state" => clamp.state = Some(map.next_value()?),
                "value" => clamp.value = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, &["state", "value"])),
            }
        }
        if clamp.state.is_none() && clamp.value.is_none() {
            return Err(de::Error::custom("a clamp needs `state`, `value` or both"));
        }
        Ok(clamp)
    }
}

impl<'de> Deserialize<'de> for ClampSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ClampVisitor)
    }
}

impl JsonSchema for ClampSpec {
    fn schema_name() -> Cow<'static, str> {
        "Clamp".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "How a scenario fixes a factor: a state name (CIB), an activation value (FCM), or both.",
            "oneOf": [
                { "type": "string" },
                { "type": "number" },
                {
                    "type": "object",
                    "properties": {
                        "state": { "type": "string" },
                        "value": { "type": "number" }
                    },
                    "additionalProperties": false,
                    "minProperties": 1
                }
            ]
        })
    }
}
