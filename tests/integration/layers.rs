//! The library's modules point one way: a module uses only modules of its own layer or below, in the order
//! of the pipeline (docs/design.md, "Layers"). Each `src/` file's `crate::NAME` paths are read outside its
//! test module; a path to a module of a higher layer fails the test with the file and the path.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, lowest first. The binary (`main.rs`, `cli/`) sits above them all and is not a module of the
/// library.
const LAYERS: &[&[&str]] = &[
    &["units", "files", "folder_lock", "solver", "finance"],
    &["fluids"],
    &["thermo", "machines"],
    &["costs"],
    &["case"],
    &["cascade", "superstructure", "hen", "network"],
    &["slave"],
    &["master"],
    &["summary"],
    &["study"],
    &["report"],
    &["validation", "api"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file's code (its test module left out) names as `crate::NAME`, including those
/// of a grouped `use crate::{a::X, b};`.
fn modules_used(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut used = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            used.extend(inner.split(',').map(|p| ident(p.trim())));
        } else {
            used.insert(ident(rest));
        }
    }
    used.retain(|m| !m.is_empty());
    used
}

#[test]
fn every_module_uses_only_its_layer_or_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut placed = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "main" || top == "cli" || top == "lib" {
            continue;
        }
        let Some(own) = layer_of(&top) else {
            wrong.push(format!(
                "{}: module `{top}` is in no layer (add it to LAYERS and docs/design.md)",
                relative.display()
            ));
            continue;
        };
        placed.insert(top.clone());
        for used in modules_used(&std::fs::read_to_string(file).unwrap()) {
            if let Some(layer) = layer_of(&used)
                && layer > own
            {
                wrong.push(format!(
                    "{}: `{top}` (layer {own}) uses `crate::{used}` (layer {layer})",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        placed.len() >= 15,
        "only {} modules read: {placed:?}",
        placed.len()
    );
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_sees_plain_grouped_and_test_only_paths() {
    let text = "use crate::case::Case;\nuse crate::{slave::X, master};\nfn f() { crate::units::k(); }\n\
                #[cfg(test)]\nmod tests { use crate::api::Error; }\n";
    let used: Vec<String> = modules_used(text).into_iter().collect();
    assert_eq!(used, ["case", "master", "slave", "units"]);
}
