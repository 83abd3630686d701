//! The casework domain: each module holds one concept a practitioner works with — its types,
//! closed vocabularies, rules and the input structs a shell fills in. Nothing here reads or
//! writes the store; the store applies these rules.

pub mod action;
pub mod case;
pub mod case_file;
pub mod cowork;
pub mod draft;
pub mod entry;
pub mod person;
pub mod placement;
pub mod profile;
pub mod reflection;
pub mod seed;
pub mod supervision;
