//! A case with some of its own keys set to other values: what a sweep changes at each point.
//!
//! A key is the case file's own path, dotted: `electricity.price_eur_per_kwh`,
//! `economics.co2_price_eur_per_t`, `utilities."natural gas furnace".price_eur_per_kwh` (an array of
//! tables, `[[utilities]]`, `[[streams]]`, `[[periods]]`, is entered by an element's `name`, quoted when
//! it has dots or spaces). The edited file is read and validated as a whole, so a value out of range is
//! refused as it would be in the file, and units stay those of the key's name.

use super::StudyError;
use crate::case::Case;
use std::path::Path;

/// Splits a dotted key into its segments; `"..."` quotes a segment.
pub fn key_segments(key: &str) -> Result<Vec<String>, StudyError> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in key.chars() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => segments.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    segments.push(current);
    if quoted || segments.iter().any(|s| s.is_empty()) {
        return Err(StudyError::Input(format!(
            "key {key}: give it as the case file's dotted path, e.g. electricity.price_eur_per_kwh or \
             utilities.\"natural gas furnace\".price_eur_per_kwh"
        )));
    }
    Ok(segments)
}

/// `text` (a case TOML) with `key` set to `value`; the key's last segment must exist or be a key its table
/// may have (the validation of the whole case decides).
pub fn set_key(text: &str, key: &str, value: f64) -> Result<String, StudyError> {
    let mut doc: toml::Table = toml::from_str(text)
        .map_err(|e| StudyError::Input(format!("the case is not valid TOML ({e})")))?;
    let segments = key_segments(key)?;
    let (last, path) = segments
        .split_last()
        .ok_or_else(|| StudyError::Input(format!("key {key}: empty")))?;
    let mut table = &mut doc;
    for (i, segment) in path.iter().enumerate() {
        let here = segments[..=i].join(".");
        // A table the case leaves to its defaults is made; the validation refuses a key it does not know.
        let next = table
            .entry(segment.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        table = match next {
            toml::Value::Table(t) => t,
            toml::Value::Array(items) => {
                let name = segments.get(i + 1).cloned().unwrap_or_default();
                let found = items.iter_mut().find_map(|v| match v {
                    toml::Value::Table(t)
                        if t.get("name").and_then(|n| n.as_str()) == Some(&name) =>
                    {
                        Some(t)
                    }
                    _ => None,
                });
                let Some(t) = found else {
                    return Err(StudyError::Input(format!(
                        "key {key}: no element of [[{segment}]] is named \"{name}\" (quote names with spaces)"
                    )));
                };
                // The name segment is consumed with the array.
                return set_in_element(t, &segments[i + 2..], key, value)
                    .map(|()| toml::to_string(&doc).unwrap_or_default());
            }
            _ => {
                return Err(StudyError::Input(format!(
                    "key {key}: {here} is a value, not a table"
                )));
            }
        };
    }
    set_value(table, last, key, value)?;
    toml::to_string(&doc).map_err(|e| StudyError::Input(format!("key {key}: {e}")))
}

/// Sets `rest` (a key inside one element of an array of tables).
fn set_in_element(
    t: &mut toml::Table,
    rest: &[String],
    key: &str,
    value: f64,
) -> Result<(), StudyError> {
    let Some((last, path)) = rest.split_last() else {
        return Err(StudyError::Input(format!(
            "key {key}: name the value inside the element, e.g. .price_eur_per_kwh"
        )));
    };
    let mut table = t;
    for segment in path {
        table = table
            .get_mut(segment)
            .and_then(|v| v.as_table_mut())
            .ok_or_else(|| StudyError::Input(format!("key {key}: no table {segment} there")))?;
    }
    set_value(table, last, key, value)
}

fn set_value(table: &mut toml::Table, last: &str, key: &str, value: f64) -> Result<(), StudyError> {
    if matches!(table.get(last), Some(v) if !(v.is_float() || v.is_integer())) {
        return Err(StudyError::Input(format!(
            "key {key}: not a number in the case, cannot be swept"
        )));
    }
    table.insert(last.to_string(), toml::Value::Float(value));
    Ok(())
}

/// The case of `path` with `keys` set; errors name the key and the point.
pub fn edited_case(path: &Path, text: &str, keys: &[(String, f64)]) -> Result<Case, StudyError> {
    let mut edited = text.to_string();
    for (key, value) in keys {
        edited = set_key(&edited, key, *value)?;
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let point = keys
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    Case::from_toml_str(&edited, &format!("{} at {point}", path.display()), base)
        .map_err(|e| StudyError::Input(format!("{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[electricity]\nprice_eur_per_kwh = 0.1\n[[utilities]]\nname = \"gas furnace\"\n\
        price_eur_per_kwh = 0.05\n[[utilities]]\nname = \"cooling water\"\nprice_eur_per_kwh = 0.01\n";

    #[test]
    fn keys_reach_tables_and_named_elements() {
        let set = set_key(TEXT, "electricity.price_eur_per_kwh", 0.2).unwrap();
        let doc: toml::Table = toml::from_str(&set).unwrap();
        assert_eq!(
            doc["electricity"]["price_eur_per_kwh"].as_float(),
            Some(0.2)
        );
        let set = set_key(TEXT, "utilities.\"cooling water\".price_eur_per_kwh", 0.03).unwrap();
        let doc: toml::Table = toml::from_str(&set).unwrap();
        let u = doc["utilities"].as_array().unwrap();
        assert_eq!(u[0]["price_eur_per_kwh"].as_float(), Some(0.05));
        assert_eq!(u[1]["price_eur_per_kwh"].as_float(), Some(0.03));
    }

    #[test]
    fn a_table_left_to_its_defaults_is_made() {
        let set = set_key(TEXT, "economics.co2_price_eur_per_t", 80.0).unwrap();
        let doc: toml::Table = toml::from_str(&set).unwrap();
        assert_eq!(
            doc["economics"]["co2_price_eur_per_t"].as_float(),
            Some(80.0)
        );
    }

    #[test]
    fn bad_keys_say_what_is_wrong() {
        let e = set_key(TEXT, "utilities.steam.price_eur_per_kwh", 1.0)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no element of [[utilities]] is named \"steam\""),
            "{e}"
        );
        let e = set_key(TEXT, "electricity.price_eur_per_kwh.peak", 1.0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("is a value, not a table"), "{e}");
        let e = set_key(TEXT, "utilities.\"gas furnace.price", 1.0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("dotted path"), "{e}");
    }
}
