//! Case files: the bundled cases load; bad input gives an error naming the file, the field and the fix.

use hpsynth::case::{Case, CaseError, StreamKind};
use std::path::Path;

use crate::common::case_dir;

fn problems(text: &str) -> Vec<String> {
    match Case::from_toml_str(text, "bad.toml", Path::new(".")) {
        Err(CaseError::Invalid { file, problems }) => {
            assert_eq!(file, "bad.toml");
            problems.iter().map(|p| p.to_string()).collect()
        }
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => panic!("expected validation problems, got a valid case"),
    }
}

const HEADER: &str = "[case]\nname = \"t\"\ndt_min_half_k = 5.0\n";

fn one_stream(body: &str) -> String {
    format!("{HEADER}[[streams]]\nname = \"s1\"\n{body}\n")
}

/// Kemp (2007) ch. 2 four-stream data: hot duties 3.0 * 110 + 1.5 * 120 = 510 kW, cold 2.0 * 115 + 4.0 * 60
/// = 470 kW (CP times temperature range, computed here from the book's table).
#[test]
fn kemp_case_loads_with_the_book_duties() {
    let case = Case::load(&case_dir("kemp-four-stream").join("case.toml")).unwrap();
    let total = |kind| -> f64 {
        case.streams
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.q_w())
            .sum()
    };
    assert!((total(StreamKind::Hot) - 510e3).abs() < 1e-6);
    assert!((total(StreamKind::Cold) - 470e3).abs() < 1e-6);
    assert!(case.streams.iter().all(|s| s.dt_min_half_k == 5.0));
}

/// The dairy's CSV has 53 streams (shared/data/ipese_dairy_streams.csv: 59 lines, 5 comments, 1 header).
#[test]
fn dairy_case_loads_its_csv_and_prices() {
    let case = Case::load(&case_dir("ipese-dairy").join("case.toml")).unwrap();
    assert_eq!(case.streams.len(), 53);
    // 0.25 EUR/kWh = 0.25 / 3.6e6 EUR/J.
    assert!((case.electricity.price_eur_per_j * 3.6e6 - 0.25).abs() < 1e-12);
    // Annuity factor at 8 % over 20 years: 0.08 * 1.08^20 / (1.08^20 - 1) = 0.101852 (closed form).
    assert!((case.economics.capital_recovery_factor() - 0.101852).abs() < 1e-6);
    // The CSV alone gives the same streams (their origins differ only in the file label).
    let alone = Case::load(&case_dir("ipese-dairy").join("streams.csv")).unwrap();
    let strip = |c: &Case| -> Vec<_> {
        c.streams
            .iter()
            .map(|s| (s.name.clone(), s.kind, s.segments.clone(), s.dt_min_half_k))
            .collect()
    };
    assert_eq!(strip(&alone), strip(&case));
}

#[test]
fn unknown_keys_name_the_line_and_the_expected_keys() {
    let text = format!("{HEADER}[[streams]]\nname = \"s1\"\nkind = \"hot\"\nt_inlet_c = 5.0\n");
    let Err(CaseError::Syntax { file, message }) =
        Case::from_toml_str(&text, "bad.toml", Path::new("."))
    else {
        panic!("unknown key must be a syntax error");
    };
    assert_eq!(file, "bad.toml");
    assert!(
        message.contains("t_inlet_c") && message.contains("line 7"),
        "{message}"
    );
    assert!(
        message.contains("t_in_c"),
        "the expected keys are listed: {message}"
    );
}

#[test]
fn bad_streams_are_named_with_the_fix() {
    let negative = problems(&one_stream(
        "kind = \"hot\"\nt_in_c = 80.0\nt_out_c = 40.0\nq_kw = -5.0",
    ));
    assert!(
        negative[0].contains("streams[0] \"s1\".q_kw") && negative[0].contains("fix:"),
        "{negative:?}"
    );
    let zero = problems(&one_stream(
        "kind = \"hot\"\nt_in_c = 80.0\nt_out_c = 40.0\nq_kw = 0.0",
    ));
    assert!(zero[0].contains("q_kw"), "{zero:?}");
    let nan = problems(&one_stream(
        "kind = \"hot\"\nt_in_c = 80.0\nt_out_c = 40.0\nq_kw = nan",
    ));
    assert!(nan[0].contains("not a finite number"), "{nan:?}");
    let heats = problems(&one_stream(
        "kind = \"hot\"\nt_in_c = 40.0\nt_out_c = 80.0\nq_kw = 10.0",
    ));
    assert!(
        heats[0].contains("hot stream heats up") && heats[0].contains("swap"),
        "{heats:?}"
    );
    let cools = problems(&one_stream(
        "kind = \"cold\"\nt_in_c = 80.0\nt_out_c = 40.0\nq_kw = 10.0",
    ));
    assert!(cools[0].contains("cold stream cools down"), "{cools:?}");
    let flat = problems(&one_stream(
        "kind = \"cold\"\nt_in_c = 80.0\nt_out_c = 80.0\nq_kw = 10.0",
    ));
    assert!(flat[0].contains("phase_change = true"), "{flat:?}");
    let ok = one_stream(
        "kind = \"cold\"\nt_in_c = 80.0\nt_out_c = 80.0\nq_kw = 10.0\nphase_change = true",
    );
    assert!(Case::from_toml_str(&ok, "ok.toml", Path::new(".")).is_ok());
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = format!(
        "{HEADER}[heat_pump]\nfluids = [\"R134\", \"amonia\"]\ntemplate = \"fancy\"\n\
         [[streams]]\nname = \"a\"\nkind = \"hot\"\nt_in_c = 10.0\nt_out_c = 20.0\nq_kw = 1.0\n"
    );
    let all = problems(&text);
    assert_eq!(all.len(), 4, "{all:?}");
    assert!(
        all.iter()
            .any(|p| p.contains("heat_pump.fluids[0]") && p.contains("R134a"))
    );
    assert!(
        all.iter()
            .any(|p| p.contains("heat_pump.fluids[1]") && p.contains("Ammonia"))
    );
    assert!(
        all.iter()
            .any(|p| p.contains("heat_pump.template") && p.contains("two-stage-economiser"))
    );
}

#[test]
fn empty_stream_list_is_an_error() {
    let all = problems(HEADER);
    assert!(all[0].contains("no heat streams"), "{all:?}");
}

#[test]
fn csv_errors_name_file_and_line() {
    let dir = std::env::temp_dir().join(format!("hpsynth-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("bad.csv");
    std::fs::write(
        &csv,
        "# a comment\nname,t_in_c,t_out_c,q_kw,kind,dt_min_half_k\nok,80,40,10,hot,2.5\nbad,40,80,10,hot,2.5\n",
    )
    .unwrap();
    let err = Case::load(&csv).unwrap_err().to_string();
    assert!(
        err.contains("bad.csv:4") && err.contains("hot stream heats up"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let err = Case::load(Path::new("no/such/case.toml")).unwrap_err();
    assert!(matches!(err, CaseError::Io { .. }));
    assert!(err.to_string().contains("no/such/case.toml"));
}

/// The example in docs/case-format.md is a valid case (keeps the documentation true).
#[test]
fn documented_example_is_valid() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/case-format.md"))
            .unwrap();
    let start = doc.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let case =
        Case::from_toml_str(&doc[start..end], "docs/case-format.md", Path::new(".")).unwrap();
    assert_eq!(case.streams.len(), 3);
    assert_eq!(case.utilities.len(), 2);
    // The piecewise stream: 40 + 200 + 30 kW.
    assert!((case.streams[2].q_w() - 270e3).abs() < 1e-9);
}

/// The economics keys: a bad film coefficient, an unknown cost set, an inverted dT_min/2 range and a site
/// utility that does not exist are each named with the fix.
#[test]
fn bad_costs_films_ranges_and_sites_are_named_with_the_fix() {
    let text = format!(
        "{}{}",
        one_stream(
            "kind = \"hot\"\nt_in_c = 50.0\nt_out_c = 40.0\nq_kw = 10.0\nh_w_per_m2_k = -3.0\n"
        ),
        "[costs]\nset = \"cheapest\"\n[heat_pump]\ndt_min_half_k_range = [3.0, 1.0]\n\
         [site]\nexisting_utilities_kw = { \"boiler\" = 100.0 }\n"
    );
    let found = problems(&text);
    let has = |key: &str, fix: &str| found.iter().any(|p| p.contains(key) && p.contains(fix));
    assert!(has("h_w_per_m2_k", "> 0"), "{found:?}");
    assert!(has("costs.set", "kosmadakis-2020-total"), "{found:?}");
    assert!(has("dt_min_half_k_range", "lowest < highest"), "{found:?}");
    assert!(
        has("site.existing_utilities_kw", "[[utilities]]"),
        "{found:?}"
    );
}

/// A forbidden match names a hot and a cold stream or utility of the case; a cold stream on the hot side, or
/// an unknown name, is named with the names it could be.
#[test]
fn forbidden_matches_name_streams_of_the_right_kind() {
    let text = format!(
        "{}{}",
        one_stream("kind = \"hot\"\nt_in_c = 50.0\nt_out_c = 40.0\nq_kw = 10.0\n"),
        "[[streams]]\nname = \"c1\"\nkind = \"cold\"\nt_in_c = 10.0\nt_out_c = 30.0\nq_kw = 10.0\n\
         [[forbidden_matches]]\nhot = \"c1\"\ncold = \"nowhere\"\n"
    );
    let found = problems(&text);
    let has = |key: &str, fix: &str| found.iter().any(|p| p.contains(key) && p.contains(fix));
    assert!(has("forbidden_matches[0].hot", "s1"), "{found:?}");
    assert!(has("forbidden_matches[0].cold", "c1"), "{found:?}");
}

use crate::fuzz_inputs;

/// Mutated case TOMLs, stream CSVs, templates and cost sets: no panic, every refusal names its file and
/// each problem its place and fix (tests/fuzz_inputs/mod.rs; the long run is in docs/reliability.md).
#[test]
fn fuzzed_input_files_never_panic_and_refusals_name_file_and_field() {
    fuzz_inputs::fuzz_every_input_file();
}

/// OpenPinch's own file of the three-period dairy chilling site (../shared/data/openpinch/, copied
/// unchanged from OpenPinch 0.7.5) read as a case gives exactly the targets of its hand-written TOML twin,
/// in every period: minimum utilities, pinches, the grand composite curve and the cheapest utility mix.
#[test]
fn openpinch_json_gives_its_toml_twins_targets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let json =
        root.join("literature_cases/openpinch-dairy-chilling/dairy_chilling_multiperiod.json");
    let twin = root.join("literature_cases/openpinch-dairy-chilling/case.toml");
    let from_json = Case::load(&json).unwrap();
    let from_toml = Case::load(&twin).unwrap();
    assert_eq!(from_json.periods.len(), 3);
    let targets = |case: &Case| {
        let mut v = serde_json::to_value(hpsynth::summary::targets::report(case)).unwrap();
        // The case's name is the file's (the JSON has none); everything else must agree.
        fn drop_names(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(o) => {
                    o.remove("case");
                    o.values_mut().for_each(drop_names);
                }
                serde_json::Value::Array(a) => a.iter_mut().for_each(drop_names),
                _ => {}
            }
        }
        drop_names(&mut v);
        v
    };
    let t = targets(&from_json);
    assert!(t["periods"].as_array().is_some_and(|p| p.len() == 3));
    assert_eq!(t, targets(&from_toml));
}

/// What OpenPinch's format leaves open is refused with the field and the fix, not guessed: its chocolate
/// factory sample has steam without a target temperature, prices without a unit and a utility of type
/// "Both".
#[test]
fn an_openpinch_file_with_what_the_format_leaves_open_is_refused_with_the_fix() {
    let text = r#"{"streams": [{"name": "air", "t_supply": {"value": 110, "unit": "degC"},
        "t_target": {"value": 35, "unit": "degF"}, "heat_flow": {"value": 60, "unit": "kW"}}],
        "utilities": [{"name": "HPS", "type": "Hot", "t_supply": {"value": 180, "unit": "degC"},
        "t_target": {"value": null, "unit": "degC"}, "price": 30},
        {"name": "CHW", "type": "Both", "t_supply": {"value": 5, "unit": "degC"},
        "t_target": {"value": 6, "unit": "degC"}, "price": {"value": 30, "unit": "$/MWh"}}]}"#;
    let err = Case::from_openpinch_json(text, "site.json", "site").unwrap_err();
    let message = err.to_string();
    for expected in [
        "site.json",
        "streams[0] \"air\".t_target: unit \"degF\" is not read",
        "streams[0] \"air\": has no dt_cont",
        "utilities[0] \"HPS\": needs t_supply and t_target",
        "utilities[0] \"HPS\".price: 30 has no unit",
        "utilities[1] \"CHW\".type: \"Both\" is not read",
    ] {
        assert!(message.contains(expected), "{expected} in: {message}");
    }
}
