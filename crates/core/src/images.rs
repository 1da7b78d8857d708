//! Pictures in the chat: the limits, and what an upload is, decided from its bytes
//! (magic numbers and the image header), never from the `Content-Type` it came with.
//! Nothing here decodes pixels: the header says the type and the size.

/// Largest picture accepted, in bytes (Anthropic's per-image API limit; 413
/// `image_too_large` above it). The browser downscales to 2048 px first, so real uploads
/// are far smaller.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// Most pictures one message may send (413 `too_many_images` above it).
pub const MAX_IMAGES_PER_MESSAGE: usize = 4;
/// The types accepted (415 `unsupported_image` for anything else).
pub const ALLOWED_TYPES: &[&str] = &["image/png", "image/jpeg", "image/webp", "image/gif"];
/// What stands for a picture in the history sent to a model that cannot see pictures.
pub const IMAGE_PLACEHOLDER: &str = "[image]";

/// What the bytes of an upload are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// The type and size of a PNG, JPEG, WebP or GIF from its bytes; `None` for anything
/// else (SVG, text, a truncated or zero-sized header).
pub fn sniff(b: &[u8]) -> Option<Sniffed> {
    let (content_type, (width, height)) = if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        ("image/png", png(b)?)
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        ("image/jpeg", jpeg(b)?)
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        ("image/gif", (le16(b, 6)?, le16(b, 8)?))
    } else if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        ("image/webp", webp(b)?)
    } else {
        return None;
    };
    (width > 0 && height > 0).then_some(Sniffed { content_type, width, height })
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?)))
}
fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?)))
}
fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

/// The IHDR chunk comes first: width and height as big-endian u32 at 16 and 20.
fn png(b: &[u8]) -> Option<(u32, u32)> {
    if b.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(b.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(b.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

/// Walks the markers to the first start-of-frame (SOF0–SOF15 but DHT C4, JPG C8, DAC
/// CC): height then width, big-endian, 5 and 7 bytes after the marker.
fn jpeg(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    loop {
        if *b.get(i)? != 0xFF {
            return None;
        }
        while *b.get(i + 1)? == 0xFF {
            i += 1; // fill bytes
        }
        let marker = *b.get(i + 1)?;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => i += 2, // no length
            0xD9 | 0xDA => return None,          // end, or the scan before any frame
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => return Some((be16(b, i + 7)?, be16(b, i + 5)?)),
            _ => i += 2 + be16(b, i + 2)? as usize,
        }
    }
}

/// The first chunk: `VP8X` (canvas size − 1, 24-bit), `VP8 ` (lossy: 14-bit sizes after
/// the start code 9D 01 2A) or `VP8L` (lossless: 14-bit sizes − 1 after the 0x2F byte).
fn webp(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        b"VP8 " => {
            if b.get(23..26)? != [0x9D, 0x01, 0x2A] {
                return None;
            }
            Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF))
        }
        b"VP8L" => {
            if *b.get(20)? != 0x2F {
                return None;
            }
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        _ => None,
    }
}

/// Whether a model takes pictures as input. `input_modalities` is what a listing says
/// (OpenRouter's `architecture.input_modalities`); where it says nothing, the provider
/// decides: every current Claude and Gemini model does, DeepSeek's do not, and for
/// OpenAI and local OpenAI-compatible servers the model's name does (the vision
/// families: gpt-4o, gpt-4.1, gpt-4-turbo, gpt-5, o1/o3/o4 but not o1-mini/o3-mini,
/// chatgpt-4o, and local names with vision, llava, -vl, qwen2.5vl, gemma3, pixtral,
/// llama3.2-vision, minicpm-v, moondream).
pub fn model_takes_images(kind: crate::provider::Kind, model: &str, input_modalities: Option<&[String]>) -> bool {
    use crate::provider::Kind;
    if let Some(ins) = input_modalities {
        return ins.iter().any(|m| m == "image");
    }
    match kind {
        Kind::Anthropic | Kind::Google => true,
        Kind::DeepSeek => false,
        Kind::OpenAi | Kind::Compatible | Kind::OpenRouter => vision_name(model),
    }
}

/// The name rules of [`model_takes_images`] (a provider prefix such as `openai/` and a
/// `:tag` are ignored for the family checks).
fn vision_name(model: &str) -> bool {
    let lower = model.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let family = ["gpt-4o", "gpt-4.1", "gpt-4-turbo", "gpt-5", "chatgpt-4o"];
    if family.iter().any(|f| name.starts_with(f)) {
        return true;
    }
    if ["o1", "o3", "o4"].iter().any(|f| name == *f || name.starts_with(&format!("{f}-")))
        && !name.starts_with("o1-mini")
        && !name.starts_with("o3-mini")
    {
        return true;
    }
    ["vision", "llava", "-vl", "qwen2.5vl", "gemma3", "pixtral", "llama3.2-vision", "minicpm-v", "moondream"]
        .iter()
        .any(|m| lower.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::Kind;

    /// A 3×2 PNG (signature, IHDR) as a real encoder writes its start.
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn png_gif_jpeg_and_webp_headers_give_type_and_size() {
        assert_eq!(sniff(&png_header(800, 600)), Some(Sniffed { content_type: "image/png", width: 800, height: 600 }));
        let gif = b"GIF89a\x20\x03\x58\x02\x00\x00\x00;";
        assert_eq!(sniff(gif), Some(Sniffed { content_type: "image/gif", width: 800, height: 600 }));
        // SOI, an APP0 (JFIF) segment of 16 bytes, a DQT-free SOF0: precision 8, height 600, width 800.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend_from_slice(b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00");
        jpeg.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x04, 0x00, 0x00]); // a DHT before the frame
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x02, 0x58, 0x03, 0x20, 0x03]);
        assert_eq!(sniff(&jpeg), Some(Sniffed { content_type: "image/jpeg", width: 800, height: 600 }));
        // Lossy VP8: frame tag, start code, 14-bit sizes.
        let mut vp8 = b"RIFF\x00\x00\x00\x00WEBPVP8 \x00\x00\x00\x00".to_vec();
        vp8.extend_from_slice(&[0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x20, 0x03, 0x58, 0x02]);
        assert_eq!(sniff(&vp8), Some(Sniffed { content_type: "image/webp", width: 800, height: 600 }));
        // Lossless VP8L: 0x2F, then (w-1) | (h-1) << 14.
        let bits: u32 = 799 | (599 << 14);
        let mut vp8l = b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2F".to_vec();
        vp8l.extend_from_slice(&bits.to_le_bytes());
        assert_eq!(sniff(&vp8l), Some(Sniffed { content_type: "image/webp", width: 800, height: 600 }));
        // Extended VP8X: flags, reserved, then canvas size − 1 as 24-bit values.
        let mut vp8x = b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x10\x00\x00\x00".to_vec();
        vp8x.extend_from_slice(&[0x1F, 0x03, 0x00, 0x57, 0x02, 0x00]);
        assert_eq!(sniff(&vp8x), Some(Sniffed { content_type: "image/webp", width: 800, height: 600 }));
    }

    #[test]
    fn other_bytes_and_broken_headers_are_not_pictures() {
        assert_eq!(sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"), None);
        assert_eq!(sniff(b"hello, this is text"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(&png_header(800, 600)[..20]), None, "a cut IHDR");
        assert_eq!(sniff(&png_header(0, 600)), None, "zero width");
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]), None, "a scan before any frame");
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]), None, "a JPEG cut in a segment");
        assert_eq!(sniff(b"RIFF\x00\x00\x00\x00WAVEfmt "), None, "RIFF but not WebP");
    }

    #[test]
    fn which_models_take_pictures() {
        let or = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(model_takes_images(Kind::OpenRouter, "meta/x", Some(&or(&["text", "image"]))));
        assert!(!model_takes_images(Kind::OpenRouter, "openai/gpt-4o", Some(&or(&["text"]))), "the listing wins");
        assert!(model_takes_images(Kind::Anthropic, "claude-haiku-4-5", None));
        assert!(model_takes_images(Kind::Google, "gemini-2.5-flash", None));
        assert!(!model_takes_images(Kind::DeepSeek, "deepseek-chat", None));
        for yes in ["gpt-4o-mini", "gpt-4.1", "gpt-4-turbo-2024-04-09", "gpt-5", "o1", "o3-pro", "o4-mini", "chatgpt-4o-latest",
            "llava:13b", "qwen2.5vl:7b", "gemma3:4b", "pixtral-12b", "llama3.2-vision", "minicpm-v", "moondream", "Qwen2-VL-7B", "openai/gpt-4o"]
        {
            assert!(model_takes_images(Kind::Compatible, yes, None), "{yes}");
        }
        for no in ["gpt-3.5-turbo", "o1-mini", "o3-mini", "llama3.1:8b", "mistral", "gpt-4", "qwen2.5:7b", "o10"] {
            assert!(!model_takes_images(Kind::OpenAi, no, None), "{no}");
        }
    }
}
