//! The documents' relative links resolve: every `[text](path)` and
//! `[text](path#anchor)` in README.md and docs/*.md names a file of the
//! repository and, for an anchor into a markdown file, one of its headings
//! (by GitHub's rule for heading anchors). Web links are not followed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The markdown files whose links are checked.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The lines of a markdown text outside fenced code blocks, with their
/// numbers, and with inline code spans blanked out.
fn prose(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut kept = String::new();
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            } else if !in_code {
                kept.push(c);
            }
        }
        out.push((n + 1, kept));
    }
    out
}

/// The targets of the inline links of a line: what is between `](` and
/// the `)` that closes it.
fn links(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let Some(end) = after.find(')') else {
            break;
        };
        out.push(after[..end].trim().to_string());
        rest = &after[end..];
    }
    out
}

/// A heading's anchor as GitHub makes it: the rendered text in lower case,
/// without punctuation but `-` and `_`, spaces as hyphens.
fn anchor(heading: &str) -> String {
    let mut text = String::new();
    let mut rest = heading;
    // A link in a heading renders as its text.
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match (after.find("]("), after.find(')')) {
            (Some(close), Some(end)) if close < end => {
                text.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            _ => {
                text.push('[');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Every anchor of a markdown text; a repeated heading gets `-1`, `-2`….
fn anchors(text: &str) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (_, line) in prose_with_code(text) {
        let Some(title) = line.trim_start_matches('#').strip_prefix(' ') else {
            continue;
        };
        if !line.starts_with('#') {
            continue;
        }
        let base = anchor(title.trim());
        let n = seen.entry(base.clone()).or_insert(0);
        out.push(if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        *n += 1;
    }
    out
}

/// The lines outside fenced code blocks, code spans kept (a heading's
/// code span is part of its text).
fn prose_with_code(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            out.push((n + 1, line.replace('`', "")));
        }
    }
    out
}

#[test]
fn relative_links_in_the_documents_resolve() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        let dir = doc.parent().unwrap();
        for (line, content) in prose(&text) {
            for target in links(&content) {
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                checked += 1;
                let (path, fragment) = match target.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (target.as_str(), None),
                };
                let file = if path.is_empty() {
                    doc.clone()
                } else {
                    dir.join(path)
                };
                let at = format!("{}:{line}: {target}", doc.display());
                if !file.exists() {
                    broken.push(format!("{at}: no such file"));
                    continue;
                }
                let Some(fragment) = fragment else {
                    continue;
                };
                if file.extension().is_some_and(|e| e == "md") {
                    let anchors = anchors(&std::fs::read_to_string(&file).unwrap());
                    if !anchors.iter().any(|a| a == fragment) {
                        broken.push(format!("{at}: no heading with that anchor"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 20, "only {checked} links checked");
}

#[test]
fn anchors_follow_githubs_rule() {
    assert_eq!(anchor("5.3 Entities"), "53-entities");
    assert_eq!(
        anchor("5.2 One value per target (and per entity)"),
        "52-one-value-per-target-and-per-entity"
    );
    assert_eq!(
        anchor("attain init, completions, man"),
        "attain-init-completions-man"
    );
    assert_eq!(
        anchor("Mid-year: pace, projection, last year"),
        "mid-year-pace-projection-last-year"
    );
    assert_eq!(anchor("The [link](x.md) here"), "the-link-here");
    assert_eq!(
        anchors("# A\n## A\n```\n# not a heading\n```\n### `b_c`\n"),
        ["a", "a-1", "b_c"]
    );
    assert_eq!(
        links("see [a](x.md#y) and ![i](p.png)"),
        ["x.md#y", "p.png"]
    );
}
