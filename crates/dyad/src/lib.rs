//! The `dyad` command-line program: readers, output formats and commands. This is the only
//! crate that knows about files, JSON and terminals.

pub mod cli;
pub mod conllu;
pub mod dicts;
pub mod eval_events;
pub mod eval_tokens;
pub mod explain;
pub mod formats;
pub mod readers;
pub mod store_cmds;
