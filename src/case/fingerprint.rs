//! What identifies a case's problem: every field of the loaded case (serde, so a new field is in it by
//! default), by top-level part, without what does not change the problem: where streams were read from
//! (`origin`), the TOML text's comments and layout (`toml`), and the run's wall-clock limit
//! (`optimizer.time_limit_s`, which a resumed run may change). A checkpoint records the parts, and names the
//! part that changed when it refuses to resume; a study's shards record the whole.

use super::Case;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The part names and their hashes, in the case's field order.
pub fn parts(case: &Case) -> Vec<(String, String)> {
    let mut value = match serde_json::to_value(case) {
        Ok(serde_json::Value::Object(map)) => map,
        // Every field serializes (numbers that are not finite become null); kept total all the same.
        other => return vec![("case".into(), hash(&format!("{other:?}")))],
    };
    if let Some(serde_json::Value::Object(optimizer)) = value.get_mut("optimizer") {
        optimizer.remove("time_limit_s");
    }
    value
        .into_iter()
        .map(|(key, v)| (key, hash(&v.to_string())))
        .collect()
}

/// One hash of the whole case (its parts in order).
pub fn fingerprint(case: &Case) -> String {
    let joined: Vec<String> = parts(case)
        .into_iter()
        .map(|(key, h)| format!("{key}={h}"))
        .collect();
    hash(&joined.join(";"))
}

/// SipHash with fixed keys (std's `DefaultHasher::new()`): the same text gives the same hash in every run
/// of the same program.
fn hash(text: &str) -> String {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    format!("{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn case(text: &str) -> Case {
        Case::from_toml_str(text, "test.toml", Path::new(".")).unwrap()
    }

    const TEXT: &str = "[case]\nname = \"two\"\ndt_min_half_k = 2.0\n\
        [[streams]]\nname = \"chiller\"\nkind = \"hot\"\nt_in_c = 12.0\nt_out_c = 4.0\nq_kw = 300.0\n\
        [[streams]]\nname = \"water\"\nkind = \"cold\"\nt_in_c = 55.0\nt_out_c = 65.0\nq_kw = 200.0\n";

    #[test]
    fn a_change_of_the_problem_changes_its_part_and_nothing_else_does() {
        let base = case(TEXT);
        // Comments, layout, where it was read from and the time limit are not the problem.
        let mut same = case(&format!("# a comment\n{TEXT}"));
        same.streams[0].origin = "elsewhere.csv:3".into();
        same.optimizer.time_limit_s = 1.0;
        assert_eq!(fingerprint(&same), fingerprint(&base));
        // A stream's duty, a new key's default, the template: each changes the fingerprint, and the part
        // that changed is named.
        let changed = |other: &Case| -> Vec<String> {
            parts(&base)
                .into_iter()
                .zip(parts(other))
                .filter(|(a, b)| a != b)
                .map(|(a, _)| a.0)
                .collect()
        };
        let duty = case(&TEXT.replace("q_kw = 300.0", "q_kw = 301.0"));
        assert_eq!(changed(&duty), ["streams"]);
        let mut template = base.clone();
        template.heat_pump.parsed_template = None;
        assert_eq!(changed(&template), ["heat_pump"]);
        let mut seed = base.clone();
        seed.optimizer.seed += 1;
        assert_eq!(changed(&seed), ["optimizer"]);
        assert_ne!(fingerprint(&seed), fingerprint(&base));
    }
}
