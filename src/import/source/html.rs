//! A web page, or a Word file saved as one (`.htm`, 网页格式), read as the lines of text a
//! browser shows: block elements (`<p>`, `<div>`, `<br>`, headings, list items, table cells)
//! end a line; scripts, styles, the page's title and comments (Word's `<!--[if …]>` among them)
//! are not text; entities are decoded; runs of white space become one space, and a line break
//! between two Chinese characters none (the source's line breaks are layout, not words).
//!
//! One linear scan, no tree: the cost is the length of the page whatever its nesting (a tree
//! builder took minutes on 200 000 nested tags), and the memory is the text it yields.

use std::borrow::Cow;

/// Elements whose start or end ends a line.
const BLOCKS: [&str; 30] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "center",
    "nav",
    "aside",
    "main",
];

/// Elements whose content is not text, read up to their end tag as a browser reads them (only
/// these: any other element left open would hide the rest of the page).
const HIDDEN: [&str; 3] = ["script", "style", "title"];

/// Whether `text` is a web page: it opens with a tag (after white space) and closes several,
/// or twenty of its lines start with a tag. A speech in plain text never starts with `<`; a
/// Markdown file with a stray tag does not either.
pub fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n', '\u{3000}']);
    let opens = t.starts_with('<')
        && t[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '!' | '?' | '%'));
    // A page's source after a line of text (a saved page with a note before it) has lines of
    // tags all through it.
    let tag_lines = || {
        text.lines()
            .filter(|l| {
                let l = l.trim_start();
                l.starts_with('<') && l.contains('>')
            })
            .take(20)
            .count()
            == 20
    };
    opens && t.matches("</").take(3).count() == 3 || tag_lines()
}

/// The page's own title (`<title>…</title>` in its first 64 KB), as a browser shows it in the
/// tab: entities decoded, white space collapsed. `None` when it has none.
pub fn page_title(html: &str) -> Option<String> {
    let mut cut = html.len().min(64 << 10);
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &html[..cut];
    let lower = head.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let mut line = String::new();
    push_text(&mut line, &head[start..end]);
    let t = line.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The text of an HTML page, one line per block (empty lines dropped).
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut line = String::new();
    let mut hidden: Option<&'static str> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if hidden.is_none() {
                push_text(&mut line, rest);
            }
            break;
        };
        if hidden.is_none() {
            push_text(&mut line, &rest[..lt]);
        }
        rest = &rest[lt..];
        // Comments and declarations: `<!-- … -->`, `<!DOCTYPE …>`, Word's `<![if …]>`.
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        // Server code left in a saved page's source (`<?php … ?>`, `<?= … ?>`, `<% … %>`): it
        // may hold `>` and span lines, and none of it is shown. Word's `<?xml:namespace … />`
        // is a declaration, ended by its `>`.
        let php = rest.strip_prefix("<?").filter(|a| {
            a.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("php"))
                || a.starts_with(['=', ' ', '\n', '\r', '\t'])
        });
        if let Some(after) = php.or_else(|| rest.strip_prefix("<%")) {
            let close = if php.is_some() { "?>" } else { "%>" };
            rest = after.find(close).map_or("", |end| &after[end + 2..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let Some((name, closing, len)) = tag(rest) else {
            // A `<` that opens no tag (`a < b`) is text.
            if hidden.is_none() {
                push_text(&mut line, "<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[len..];
        if let Some(h) = hidden {
            if closing && name.eq_ignore_ascii_case(h) {
                hidden = None;
            }
            continue;
        }
        if !closing && let Some(h) = HIDDEN.iter().find(|h| name.eq_ignore_ascii_case(h)) {
            hidden = Some(h);
            continue;
        }
        if BLOCKS.iter().any(|b| name.eq_ignore_ascii_case(b)) {
            end_line(&mut out, &mut line);
        }
    }
    end_line(&mut out, &mut line);
    out
}

/// The tag at the start of `s` (which starts with `<`): its name, whether it closes, and its
/// length up to and including its `>` (quoted attribute values may hold `>`). `None` when no
/// tag starts there.
fn tag(s: &str) -> Option<(&str, bool, usize)> {
    let body = &s[1..];
    let closing = body.starts_with('/');
    let name_from = usize::from(closing) + 1;
    let name_len = s[name_from..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == ':' || c == '-'))
        .unwrap_or(s.len() - name_from);
    if name_len == 0 || !s[name_from..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = &s[name_from..name_from + name_len];
    let mut quote = None;
    for (i, c) in s[name_from + name_len..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some((name, closing, name_from + name_len + i + 1)),
            _ => {}
        }
    }
    // An unclosed tag runs to the end of the page.
    Some((name, closing, s.len()))
}

/// Appends a run of text: entities decoded, white space collapsed as a browser does.
fn push_text(line: &mut String, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let text: Cow<str> = if raw.contains('&') {
        html_escape::decode_html_entities(raw)
    } else {
        Cow::Borrowed(raw)
    };
    let mut space = false;
    let mut broke = false;
    for c in text.chars() {
        // Collapsible white space (not U+00A0, not the ideographic space U+3000).
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
            broke |= c == '\n';
            continue;
        }
        if space {
            // A line break between Chinese characters or marks is no space (as in Firefox).
            let between_chinese = broke
                && line
                    .chars()
                    .next_back()
                    .is_some_and(crate::text::chars::is_chinese)
                && crate::text::chars::is_chinese(c);
            if !line.is_empty() && !line.ends_with(' ') && !between_chinese {
                line.push(' ');
            }
            space = false;
            broke = false;
        }
        line.push(c);
    }
    if space && !line.is_empty() && !line.ends_with(' ') {
        line.push(' ');
    }
}

fn end_line(out: &mut String, line: &mut String) {
    let t = line.trim_matches(' ');
    if !t.is_empty() {
        out.push_str(t);
        out.push('\n');
    }
    line.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_lines_markup_and_scripts_are_not_text() {
        let page = "<!DOCTYPE html>\n<html><head><title>站名</title><style>p{}</style></head>\n<body><div class=\"nav\">首页 &gt; 讲话</div>\n<h2 class=\"title\">在全市工作会议上的讲话</h2>\n<script>var a = '<p>不是正文</p>';</script>\n<P class=MsoNormal><SPAN>同志们：<o:p></o:p></SPAN></P>\n<p>今天召开&ldquo;全市&rdquo;会议，\n部署工作。<br>一、抓好落实</p><!--[if gte mso 9]><xml>不是正文</xml><![endif]-->\n<![if !supportLists]><p>&#x4E8C;、压实责任</p><![endif]></body></html>";
        assert!(looks_like_html(page));
        assert_eq!(
            to_text(page),
            "首页 > 讲话\n在全市工作会议上的讲话\n同志们：\n今天召开“全市”会议，部署工作。\n一、抓好落实\n二、压实责任\n"
        );
    }

    #[test]
    fn server_code_in_a_saved_page_is_not_text() {
        let page = "<?php\n/* 版权所有 a > b */\ninclude 'x.php';\n?>\n<html><head><link href=\"<?php echo $h->url; ?>a.css\"></head>\n<body><% if (a > b) { %><p>同志们：</p><%= x %><p>今天开会。</p></body></html>";
        assert!(looks_like_html(page));
        assert_eq!(to_text(page), "同志们：\n今天开会。\n");
        let jsp = "<%@ page language=\"java\" contentType=\"text/html; charset=GBK\"%>\n<html><body><p>讲话</p></body></html>";
        assert!(looks_like_html(jsp));
        assert_eq!(to_text(jsp), "讲话\n");
        let word = "<html><body><?xml:namespace prefix = o ns = \"urn:schemas-microsoft-com:office:office\" /><p>同志们：</p><p>开会。</p></body></html>";
        assert_eq!(to_text(word), "同志们：\n开会。\n");
    }

    #[test]
    fn the_tab_title_is_read_with_its_entities_and_spaces() {
        let page = "<html><head><TITLE>\n  成都工业学院&nbsp;2016年  新年致辞 </TITLE></head><body><p>老师们：</p></body></html>";
        assert_eq!(
            page_title(page).as_deref(),
            Some("成都工业学院\u{a0}2016年 新年致辞")
        );
        assert_eq!(page_title("<html><body><p>无标题</p></body></html>"), None);
        assert_eq!(page_title("<title></title><p>甲</p>"), None);
        // Never past the page's head: a title far down is not looked for.
        let far = format!("<p>{}</p><title>远处</title>", "字".repeat(30_000));
        assert_eq!(page_title(&far), None);
    }

    #[test]
    fn spaces_collapse_but_a_line_break_between_chinese_characters_is_no_space() {
        assert_eq!(
            to_text("<p>全面\n  推进 乡村振兴 and\nmore</p>"),
            "全面推进 乡村振兴 and more\n"
        );
        // A quoted `>` inside an attribute, a bare `<` in the text, an unclosed tag.
        assert_eq!(
            to_text("<p title=\"a>b\">甲 < 乙</p><p>丙<span"),
            "甲 < 乙\n丙\n"
        );
    }

    #[test]
    fn deep_nesting_and_unclosed_markup_cost_one_pass() {
        let nested = format!(
            "{}深{}",
            "<div><span>".repeat(50_000),
            "</span></div>".repeat(50_000)
        );
        assert_eq!(to_text(&nested), "深\n");
        // An unclosed comment or script hides the rest, as in a browser; nothing is invented.
        assert_eq!(to_text("<p>甲</p><!-- 乙"), "甲\n");
        assert_eq!(to_text("<p>甲</p><?php echo 乙"), "甲\n");
        assert_eq!(to_text("<p>甲</p><script>乙"), "甲\n");
    }

    #[test]
    fn plain_speeches_and_markdown_are_not_pages() {
        assert!(!looks_like_html(
            "在全市工作会议上的讲话\n同志们：\n<p>一句</p>"
        ));
        assert!(!looks_like_html("---\ntitle: 讲话\n---\n正文<br>"));
        assert!(!looks_like_html("<不是标签>"));
        assert!(looks_like_html(
            "  <div class=\"printArea\"><h2>题</h2><p>甲</p><p>乙</p></div>"
        ));
    }
}
