//! Files agents send: the kinds and sizes WhatsApp takes, and the checks of
//! a file's type, name and first bytes that both the desktop (before it
//! queues) and the hub (before it sends) apply, so a customer never receives
//! a program or a misnamed file.

use crate::{is_invisible, validate_text};
use serde::{Deserialize, Serialize};

/// A file the hub holds for sending, as `POST /v1/conversations/{id}/uploads`
/// answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Upload {
    pub id: i64,
    /// WhatsApp's kind: `image`, `audio`, `video` or `document`.
    pub kind: String,
    pub mime_type: String,
    #[ts(type = "number")]
    pub size: i64,
    pub filename: String,
}

/// What WhatsApp accepts as an attachment of one kind: its types and the
/// largest file (WHATSAPP.md; counted in decimal megabytes, so a file Meta
/// would measure in binary ones is never over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentKind {
    pub kind: &'static str,
    pub max_bytes: u64,
    pub mime_types: &'static [&'static str],
}

/// The kinds an agent may attach, with Meta's limits. Stickers are for
/// customers; agents send images.
pub const ATTACHMENT_KINDS: [AttachmentKind; 4] = [
    AttachmentKind {
        kind: "image",
        max_bytes: 5_000_000,
        mime_types: &["image/jpeg", "image/png"],
    },
    AttachmentKind {
        kind: "audio",
        max_bytes: 16_000_000,
        mime_types: &[
            "audio/aac",
            "audio/amr",
            "audio/mpeg",
            "audio/mp4",
            "audio/ogg",
        ],
    },
    AttachmentKind {
        kind: "video",
        max_bytes: 16_000_000,
        mime_types: &["video/mp4", "video/3gpp"],
    },
    AttachmentKind {
        kind: "document",
        max_bytes: 100_000_000,
        mime_types: &[
            "application/pdf",
            "text/plain",
            "text/csv",
            "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/zip",
        ],
    },
];

/// A caption is at most 1,024 characters (Meta's limit for media).
pub const MAX_CAPTION_CHARS: usize = 1024;

/// Why a file is not sent. Its `Display` is the English the hub answers
/// with; the desktop says each in the agent's language from its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRefusal {
    /// WhatsApp takes no file of this type (the type, at most 80 chars).
    UnsupportedType(String),
    Empty,
    /// Over the kind's limit: its size when known (bytes), the kind, the
    /// limit (bytes).
    TooLarge {
        size: Option<u64>,
        kind: &'static str,
        max_bytes: u64,
    },
    /// The name holds control, invisible or direction-changing characters.
    HiddenCharacters,
    /// The name's ending is not one the type goes by (the type, the
    /// endings it goes by).
    WrongEnding {
        mime: String,
        endings: &'static [&'static str],
    },
    /// The file is a program.
    Program,
    /// The content's signature is not the type's (the type).
    NotItsType(String),
}

impl std::fmt::Display for FileRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileRefusal::UnsupportedType(mime) => write!(
                f,
                "WhatsApp does not take files of type {mime:?}: send JPEG or PNG images, AAC, AMR, MP3, M4A or OGG audio, MP4 or 3GP video, or PDF, text, Office or ZIP documents"
            ),
            FileRefusal::Empty => f.write_str("the file is empty"),
            FileRefusal::TooLarge {
                size,
                kind,
                max_bytes,
            } => {
                let is = size.map_or_else(|| "larger".to_owned(), |n| format!("{n} bytes"));
                write!(
                    f,
                    "the file is {is}; WhatsApp takes {kind} files of at most {} MB ({max_bytes} bytes)",
                    max_bytes / 1_000_000
                )
            }
            FileRefusal::HiddenCharacters => f.write_str(
                "a file's name may not hold control, invisible or direction-changing characters",
            ),
            FileRefusal::WrongEnding { mime, endings } => {
                write!(f, "a file of type {mime} is named .{}", endings.join(", ."))
            }
            FileRefusal::Program => {
                f.write_str("the file is a program, not a document or media: it is not sent")
            }
            FileRefusal::NotItsType(mime) => write!(f, "the file's content is not {mime}"),
        }
    }
}

impl From<FileRefusal> for String {
    fn from(refusal: FileRefusal) -> String {
        refusal.to_string()
    }
}

/// Checks an attachment's type and size against WhatsApp's limits, before
/// anything is queued or stored. The refusal names the limit.
pub fn check_attachment(mime_type: &str, size: u64) -> Result<AttachmentKind, FileRefusal> {
    let mime = mime_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let Some(kind) = ATTACHMENT_KINDS
        .iter()
        .find(|k| k.mime_types.contains(&mime.as_str()))
    else {
        return Err(FileRefusal::UnsupportedType(
            mime.chars().take(80).collect(),
        ));
    };
    if size == 0 {
        return Err(FileRefusal::Empty);
    }
    if size > kind.max_bytes {
        return Err(kind.too_large(Some(size)));
    }
    Ok(*kind)
}

/// The file-name endings each type an agent may attach goes by
/// (lowercase, without the dot).
fn extensions_of(mime: &str) -> &'static [&'static str] {
    match mime {
        "image/jpeg" => &["jpg", "jpeg"],
        "image/png" => &["png"],
        "audio/aac" => &["aac"],
        "audio/amr" => &["amr"],
        "audio/mpeg" => &["mp3"],
        "audio/mp4" => &["m4a", "mp4"],
        "audio/ogg" => &["ogg", "oga", "opus"],
        "video/mp4" => &["mp4", "m4v"],
        "video/3gpp" => &["3gp", "3gpp"],
        "application/pdf" => &["pdf"],
        "text/plain" => &["txt", "text", "log"],
        "text/csv" => &["csv"],
        "application/msword" => &["doc"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => &["docx"],
        "application/vnd.ms-excel" => &["xls"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => &["xlsx"],
        "application/vnd.ms-powerpoint" => &["ppt"],
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => &["pptx"],
        "application/zip" => &["zip"],
        _ => &[],
    }
}

/// Checks a file's name against its type, as the customer will see both: no
/// invisible or direction-changing characters (`invoice<U+202E>fdp.exe`
/// shows as `invoiceexe.pdf`), and an ending the type goes by (`evil.exe`
/// is not a PDF); only photos, audio and video may have no ending at all.
pub fn check_file_name(name: &str, mime_type: &str) -> Result<(), FileRefusal> {
    if name.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Err(FileRefusal::HiddenCharacters);
    }
    let mime = mime_type.trim().to_ascii_lowercase();
    let allowed = extensions_of(&mime);
    let ending = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    // A document's name is what the customer opens, so it must say what it
    // is; a photo, voice note or video may go unnamed, but never misnamed.
    let document = !["image/", "audio/", "video/"]
        .iter()
        .any(|media| mime.starts_with(media));
    let fits = match &ending {
        Some(ending) => allowed.contains(&ending.as_str()),
        None => !document,
    };
    if !fits {
        return Err(FileRefusal::WrongEnding {
            mime,
            endings: allowed,
        });
    }
    Ok(())
}

/// Checks a file's first bytes against its type: never a program (Windows,
/// Linux or macOS executables, scripts), and for the types with a fixed
/// signature (PDF, JPEG, PNG, Office and ZIP archives), that signature.
/// `head` is the file's first bytes (8 are enough, fewer for a tinier file).
pub fn check_file_head(mime_type: &str, head: &[u8]) -> Result<(), FileRefusal> {
    const PROGRAMS: [&[u8]; 6] = [
        b"MZ",
        b"\x7fELF",
        b"#!",
        b"\xCA\xFE\xBA\xBE",
        b"\xCF\xFA\xED\xFE",
        b"\xCE\xFA\xED\xFE",
    ];
    if PROGRAMS.iter().any(|p| head.starts_with(p)) {
        return Err(FileRefusal::Program);
    }
    let mime = mime_type.trim().to_ascii_lowercase();
    let signatures: &[&[u8]] = match mime.as_str() {
        "application/pdf" => &[b"%PDF-"],
        "image/jpeg" => &[b"\xFF\xD8\xFF"],
        "image/png" => &[b"\x89PNG\r\n\x1a\n"],
        "application/zip"
        | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        | "application/vnd.openxmlformats-officedocument.presentationml.presentation" => {
            &[b"PK\x03\x04", b"PK\x05\x06"]
        }
        _ => &[],
    };
    if !signatures.is_empty() && !signatures.iter().any(|sig| head.starts_with(sig)) {
        return Err(FileRefusal::NotItsType(mime));
    }
    Ok(())
}

impl AttachmentKind {
    /// The refusal of a file over this kind's limit: its size, or `None`
    /// while it still arrives.
    pub fn too_large(&self, size: Option<u64>) -> FileRefusal {
        FileRefusal::TooLarge {
            size,
            kind: self.kind,
            max_bytes: self.max_bytes,
        }
    }
}

/// The type of a file from its name's extension, for the kinds WhatsApp takes.
pub fn mime_for_name(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "aac" => "audio/aac",
        "amr" => "audio/amr",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "opus" => "audio/ogg",
        "mp4" => "video/mp4",
        "3gp" => "video/3gpp",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "zip" => "application/zip",
        _ => return None,
    })
}

/// Checks a caption: empty, or a text of at most 1,024 characters.
pub fn validate_caption(caption: &str) -> Result<(), &'static str> {
    if caption.trim().is_empty() {
        return Ok(());
    }
    validate_text(caption)?;
    if caption.chars().count() > MAX_CAPTION_CHARS {
        return Err("a caption is at most 1024 characters");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_heads_match_their_type() {
        assert!(check_file_name("invoice.pdf", "application/pdf").is_ok());
        assert!(check_file_name("Photo.JPG", "image/jpeg").is_ok());
        assert!(check_file_name("evil.exe", "application/pdf").is_err());
        assert!(check_file_name("invoice\u{202E}fdp.exe", "application/pdf").is_err());
        assert!(check_file_name("report", "application/pdf").is_err());
        assert!(check_file_name("photo", "image/jpeg").is_ok());
        assert!(check_file_name("photo.exe", "image/jpeg").is_err());
        assert!(check_file_head("application/pdf", b"%PDF-1.7\n").is_ok());
        assert!(check_file_head("application/pdf", b"MZ\x90\x00").is_err());
        assert!(check_file_head("text/plain", b"MZ is a word").is_err());
        assert!(check_file_head("text/plain", b"hello").is_ok());
        assert!(check_file_head("image/png", b"\xFF\xD8\xFF\xE0").is_err());
        assert!(check_file_head("application/zip", b"PK\x03\x04").is_ok());
    }

    #[test]
    fn each_attachment_limit_holds_to_the_byte() {
        for kind in ATTACHMENT_KINDS {
            for mime in kind.mime_types {
                assert_eq!(
                    check_attachment(mime, kind.max_bytes).map(|k| k.kind),
                    Ok(kind.kind)
                );
                let over = check_attachment(mime, kind.max_bytes + 1)
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                assert!(
                    over.contains(&format!("{} bytes)", kind.max_bytes)),
                    "{over} names the limit"
                );
            }
        }
        assert!(
            check_attachment("image/png; charset=x", 10).is_ok(),
            "parameters are ignored"
        );
        assert!(check_attachment("application/x-msdownload", 10).is_err());
        assert!(check_attachment("image/png", 0).is_err(), "an empty file");
        assert_eq!(mime_for_name("Invoice.PDF"), Some("application/pdf"));
        assert_eq!(mime_for_name("setup.exe"), None);
        assert!(validate_caption("").is_ok());
        assert!(validate_caption(&"x".repeat(1025)).is_err());
    }
}
