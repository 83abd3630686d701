//! Documents made from casework: the case record, the court-format chronology, the quality
//! review, the transfer pack, the student's portfolio and the CPD record, and anonymising any of
//! them.
//!
//! Layered bottom to top, none using one above it: `markdown` and `model` (a document, its
//! formats, HTML pieces); `record`, `chronology` and `quality` build documents from a case file;
//! `anonymise` transforms them; `portfolio` builds the caseload's documents (anonymised through
//! `anonymise`); `case_documents` makes any of a case's documents on request.

pub mod anonymise;
pub mod case_documents;
pub mod chronology;
pub mod markdown;
pub mod model;
pub mod portfolio;
pub mod quality;
pub mod record;
pub mod transfer_pack;
