//! dyad-coder: turns a parsed `Doc` into event records — actors, events, and their context
//! (status, date, place). Coding never fails: it returns events plus diagnostics.

pub mod record;

pub use record::{ActorRef, DatePrecision, EventRecord, Location, Status, TextSpan};
pub mod actors;
pub mod coder;
pub mod context;
pub mod dates;
pub mod events;
pub mod plover;

pub use coder::{CodeOptions, Coded, Coder};
