//! Markdown bodies rendered to HTML and sanitised here, in Rust, so the
//! webview only ever receives markup that cannot run anything.

use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown to safe HTML: no scripts, no event handlers, no
/// `javascript:` or remote links that load anything, no styles.
pub fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        // No images at all: an <img src> would be remote content.
        .rm_tags(&["img"])
        .url_schemes(["https", "http", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_is_rendered() {
        let html = render("**Seen** at home\n\n- Mum present");
        assert!(html.contains("<strong>Seen</strong>"));
        assert!(html.contains("<li>Mum present</li>"));
    }

    #[test]
    fn hostile_markup_is_made_inert() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://example.org\"></iframe>",
            "<style>body{display:none}</style>",
            "<p style=\"background:url(https://example.org/t.png)\">x</p>",
            "![t](https://example.org/track.png)",
        ] {
            let html = render(hostile).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "javascript:",
                "<svg",
                "onload",
                "<iframe",
                "<style",
                "style=",
                "<img",
            ] {
                assert!(!html.contains(bad), "{hostile:?} rendered as {html:?}");
            }
        }
    }
}
