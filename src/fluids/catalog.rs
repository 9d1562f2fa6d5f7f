//! The bundled fluids: CoolProp 8's files compiled into the binary, looked up by any usual name, each
//! parsed once on first use and shared (`Arc`) afterwards.

use super::metadata::{self, TABLE};
use super::{FluidError, MultiparameterFluid};
use std::sync::{Arc, OnceLock};

/// One bundled fluid file.
#[derive(Debug)]
pub struct CatalogEntry {
    /// File stem in `fluids/coolprop8/`, CoolProp's name.
    pub name: &'static str,
    text: &'static str,
}

macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        &[$(CatalogEntry { name: $name, text: include_str!(concat!("../../fluids/coolprop8/", $name, ".json")) }),*]
    };
}

static ENTRIES: &[CatalogEntry] = bundled!(
    "Ammonia",
    "CarbonDioxide",
    "Cyclopentane",
    "DimethylEther",
    "Ethane",
    "Ethylene",
    "IsoButane",
    "IsoButene",
    "Isopentane",
    "MM",
    "Methane",
    "Novec649",
    "Propylene",
    "R1123",
    "R1130(E)",
    "R1132(E)",
    "R1224yd(Z)",
    "R1233zd(E)",
    "R1234yf",
    "R1234ze(E)",
    "R1234ze(Z)",
    "R1243zf",
    "R125",
    "R1336mzz(E)",
    "R1336mzz(Z)",
    "R134a",
    "R143a",
    "R152A",
    "R161",
    "R22",
    "R227EA",
    "R236EA",
    "R236FA",
    "R245ca",
    "R245fa",
    "R32",
    "R365MFC",
    "RC318",
    "Toluene",
    "Water",
    "n-Butane",
    "n-Hexane",
    "n-Pentane",
    "n-Propane",
);

/// All bundled fluids, in a stable order.
pub fn catalog() -> &'static [CatalogEntry] {
    ENTRIES
}

type Loaded = Result<Arc<MultiparameterFluid>, FluidError>;

fn slots() -> &'static [OnceLock<Loaded>] {
    static SLOTS: OnceLock<Vec<OnceLock<Loaded>>> = OnceLock::new();
    SLOTS.get_or_init(|| ENTRIES.iter().map(|_| OnceLock::new()).collect())
}

/// Lower-case, without '-', '_', ' ' and a leading "r-": "R-134a", "r134a" and "R134A" compare equal.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Names a user may type for an entry: its file stem, CoolProp's name and aliases, the ASHRAE designation, the CAS number.
fn names(index: usize) -> Vec<String> {
    let entry = &ENTRIES[index];
    let mut names = vec![entry.name.to_string()];
    if let Some(row) = TABLE.iter().find(|r| r.0 == entry.name)
        && let Some(designation) = row.1
    {
        names.push(designation.to_string());
    }
    // Aliases come from the file itself; a cheap scan avoids parsing the whole file for a lookup.
    if let Some(list) = aliases_in(entry.text) {
        names.extend(list);
    }
    names
}

fn aliases_in(text: &str) -> Option<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Root {
        #[serde(rename = "INFO")]
        info: Info,
    }
    #[derive(serde::Deserialize)]
    struct Info {
        /// CoolProp's own name, which may differ from the file's stem (R1224yd(Z).json holds R1224YDZ).
        #[serde(rename = "NAME", default)]
        name: Option<String>,
        #[serde(rename = "ALIASES", default)]
        aliases: Vec<String>,
        #[serde(rename = "CAS", default)]
        cas: Option<String>,
    }
    let root: Root = serde_json::from_str(text).ok()?;
    let mut list = root.info.aliases;
    list.extend(root.info.name);
    list.extend(root.info.cas);
    Some(list)
}

/// `(normalised name, name as written, entry index)` for every name of every entry.
fn name_index() -> &'static [(String, String, usize)] {
    static INDEX: OnceLock<Vec<(String, String, usize)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: Vec<(String, String, usize)> = (0..ENTRIES.len())
            .flat_map(|i| names(i).into_iter().map(move |n| (normalise(&n), n, i)))
            .collect();
        // Common names not in the files.
        for (alias, stem) in [
            ("propane", "n-Propane"),
            ("butane", "n-Butane"),
            ("pentane", "n-Pentane"),
            ("co2", "CarbonDioxide"),
            ("carbon dioxide", "CarbonDioxide"),
            ("dme", "DimethylEther"),
        ] {
            if let Some(i) = ENTRIES.iter().position(|e| e.name == stem) {
                index.push((normalise(alias), alias.to_string(), i));
            }
        }
        index
    })
}

/// The catalog entry for a name, alias, designation or CAS number (case- and dash-insensitive).
pub fn resolve(name: &str) -> Result<&'static CatalogEntry, FluidError> {
    let key = normalise(name);
    if let Some((_, _, i)) = name_index().iter().find(|(n, _, _)| *n == key) {
        return Ok(&ENTRIES[*i]);
    }
    Err(FluidError::UnknownFluid {
        name: name.to_string(),
        suggestions: closest_names(&key),
    })
}

/// Up to three fluids closest to `key` by edit distance, as "alias (canonical name)".
fn closest_names(key: &str) -> Vec<String> {
    let mut scored: Vec<(usize, &str, usize)> = name_index()
        .iter()
        .map(|(n, written, i)| (edit_distance(key, n), written.as_str(), *i))
        .collect();
    // Ties go to the canonical spelling.
    scored.sort_by_key(|&(distance, written, i)| (distance, written != ENTRIES[i].name, written));
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for (_, written, i) in scored {
        if seen.contains(&i) {
            continue;
        }
        seen.push(i);
        let canonical = ENTRIES[i].name;
        out.push(if written == canonical {
            canonical.to_string()
        } else {
            format!("{written} ({canonical})")
        });
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Levenshtein distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The fluid for a name, parsed on first use and shared afterwards.
pub fn fluid(name: &str) -> Result<Arc<MultiparameterFluid>, FluidError> {
    let entry = resolve(name)?;
    let index = ENTRIES
        .iter()
        .position(|e| std::ptr::eq(e, entry))
        .unwrap_or_default();
    slots()[index]
        .get_or_init(|| load(index).map(Arc::new))
        .clone()
}

fn load(index: usize) -> Result<MultiparameterFluid, FluidError> {
    let entry = &ENTRIES[index];
    let mut fluid =
        MultiparameterFluid::from_coolprop_json(&format!("{}.json", entry.name), entry.text)?;
    let names = names(index);
    let info = fluid.info_mut();
    if let Some(row) = TABLE.iter().find(|r| r.0 == entry.name) {
        info.designation = row.1.map(str::to_string);
        info.ashrae34 = row.2.map(str::to_string);
        info.gwp100 = metadata::gwp(row);
    }
    for name in names {
        if !info.aliases.contains(&name) {
            info.aliases.push(name);
        }
    }
    Ok(fluid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fluids::FluidModel;

    /// The master names a fluid by `info().name` (CoolProp's NAME), which must lead back to its own file: it
    /// did not for R1224yd(Z), whose NAME is R1224YDZ, and every candidate of that fluid failed.
    #[test]
    fn every_fluids_own_name_resolves_to_its_file() {
        for entry in catalog() {
            let own = fluid(entry.name).unwrap().info().name.clone();
            assert_eq!(resolve(&own).unwrap().name, entry.name, "{own}");
        }
    }

    #[test]
    fn usual_names_resolve() {
        for (name, stem) in [
            ("R717", "Ammonia"),
            ("ammonia", "Ammonia"),
            ("NH3", "Ammonia"),
            ("R-134a", "R134a"),
            ("R290", "n-Propane"),
            ("propane", "n-Propane"),
            ("R1270", "Propylene"),
            ("R600a", "IsoButane"),
            ("R744", "CarbonDioxide"),
            ("R1234ze(E)", "R1234ze(E)"),
            ("R718", "Water"),
        ] {
            assert_eq!(resolve(name).unwrap().name, stem, "{name}");
        }
    }

    #[test]
    fn unknown_fluid_suggests_close_names() {
        let Err(FluidError::UnknownFluid { suggestions, .. }) = resolve("R134") else {
            panic!("R134 must be unknown");
        };
        assert!(
            suggestions.iter().any(|s| s.starts_with("R134a")),
            "{suggestions:?}"
        );
    }

    #[test]
    fn every_bundled_file_loads_and_has_metadata_row() {
        for entry in catalog() {
            let fluid = fluid(entry.name).unwrap();
            assert!(fluid.info().t_crit_k > fluid.info().t_triple_k);
            assert!(TABLE.iter().any(|r| r.0 == entry.name), "{}", entry.name);
        }
    }
}
