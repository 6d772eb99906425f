//! Where imported text comes from: text files in any common Chinese encoding, and Word files.

pub mod docx;
pub mod textfile;
