//! Where imported text comes from: text files in any common Chinese encoding, web pages
//! (and Word files saved as web pages), and Word files.

pub mod docx;
pub mod html;
pub mod textfile;
