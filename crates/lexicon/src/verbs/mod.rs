//! Event (verb) dictionaries.
