//! The event record: what `dyad code` emits, one per event mention, and what the store keeps.
//!
//! Field names and meanings are a public contract (see `schema/event.schema.json`): add
//! fields, never rename or repurpose them.

use serde::{Deserialize, Serialize};

/// An actor as it appears in an event: its code and structured fields, and where in the
/// article text it was found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorRef {
    /// CAMEO-style actor code, e.g. `USAGOV`, `IRN`, `IGOUNO`.
    pub code: String,
    /// ISO 3166-1 alpha-3 country, when the actor belongs to one.
    pub country: Option<String>,
    /// Sector/role code (`GOV`, `MIL`, `REB`, ...), when known.
    pub sector: Option<String>,
    /// Canonical name from the dictionary ("United States", "Jake Sullivan").
    pub name: Option<String>,
    /// The text of the mention in the article.
    pub text: String,
    /// Char offsets into the article text, `[start, end)`.
    pub start: usize,
    pub end: usize,
    /// Entity id where known (Wikidata QID such as `Q30`).
    pub entity: Option<String>,
}

/// A span of the article text that is evidence for an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Whether and how the text asserts that the event happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Reported as having happened or happening.
    Asserted,
    /// Claimed by someone ("accused Iran of", "reportedly").
    Alleged,
    /// Future or intended ("will travel", "plans to visit").
    Planned,
    /// Said not to have happened ("did not attack").
    Negated,
    /// Conditional or uncertain ("if", "whether", "could").
    Hypothetical,
    /// Denied by a party ("denied sending troops").
    Denied,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Asserted => "asserted",
            Status::Alleged => "alleged",
            Status::Planned => "planned",
            Status::Negated => "negated",
            Status::Hypothetical => "hypothetical",
            Status::Denied => "denied",
        }
    }
}

/// How precise an event date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

/// Where the event took place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// One event mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Stable id: a hash of the document id, sentence, trigger span, actor codes and CAMEO code.
    pub id: String,
    pub doc_id: String,
    /// Sentence index in the article (0-based).
    pub sentence: usize,
    /// Event date `YYYY-MM-DD` (the first day of the week/month/year for coarser precision).
    pub date: Option<String>,
    pub date_precision: Option<DatePrecision>,
    /// The words that gave the date, if the text gave one.
    pub date_text: Option<String>,
    pub source: Option<ActorRef>,
    pub target: Option<ActorRef>,
    /// CAMEO event code, e.g. `"041"`.
    pub cameo: String,
    /// CAMEO root, e.g. `"04"`.
    pub cameo_root: String,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    /// The event and its mirror (target to source) come from one joint act: coordinated
    /// actors doing something together ("Egypt and Jordan met") or a paired event of the same
    /// PLOVER category ("Egypt met Jordan"). CAMEO codes both directions; PLOVER codes all
    /// the entities as the actor with no recipient.
    #[serde(default)]
    pub reciprocal: bool,
    pub goldstein: f32,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
    /// (0 for a code outside CAMEO, from a user dictionary).
    pub quad_class: u8,
    pub status: Status,
    /// Every status cue that applies (an accusation of a plan: `["alleged", "planned"]`).
    pub modality: Vec<Status>,
    /// The actor who said or claimed it.
    pub attributed_to: Option<ActorRef>,
    pub location: Option<Location>,
    pub trigger: TextSpan,
    /// The dictionary entry or rule that fired.
    pub rule: String,
    /// In [0, 1]: how direct the match was and how sure the actors are.
    pub confidence: f32,
}
