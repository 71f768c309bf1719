//! Aligned tables for people: Chinese characters take two columns on a terminal.

use unicode_width::UnicodeWidthStr;

/// Pads `text` on the right to `width` terminal columns.
pub fn left(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// Pads `text` on the left to `width` terminal columns.
pub fn right(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn chinese_counts_double() {
        assert_eq!(super::left("户号", 6), "户号  ");
        assert_eq!(super::right("额度", 6), "  额度");
        assert_eq!(super::left("toolong", 3), "toolong");
    }
}
