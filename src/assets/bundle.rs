//! One ZIP of a page's downloads, byte-for-byte the same for the same files: entries sorted
//! by name, every timestamp 1980-01-01 00:00 (the earliest a ZIP can hold), permissions
//! 0644, Unix as the "made by" system, deflate at a fixed level, no comments or extra fields.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Writes the ZIP of `files` (`(name in the ZIP, bytes)`); names must be unique.
pub fn zip(files: &[(&str, &[u8])]) -> Result<Vec<u8>, String> {
    let mut sorted: Vec<&(&str, &[u8])> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(zip::System::Unix);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in sorted {
        writer
            .start_file(*name, options)
            .map_err(|e| e.to_string())?;
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    writer
        .finish()
        .map(Cursor::into_inner)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_files_same_bytes_whatever_the_order() {
        let a = zip(&[("b.txt", b"bee"), ("a.txt", b"ay")]).unwrap();
        let b = zip(&[("a.txt", b"ay"), ("b.txt", b"bee")]).unwrap();
        assert_eq!(a, b);
        let mut archive = zip::ZipArchive::new(Cursor::new(a)).unwrap();
        assert_eq!(archive.len(), 2);
        assert_eq!(archive.by_index(0).unwrap().name_raw(), b"a.txt");
        assert_eq!(archive.by_index(1).unwrap().unix_mode(), Some(0o100644));
    }
}
