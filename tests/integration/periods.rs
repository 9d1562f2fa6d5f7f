//! Operating periods (`[[periods]]`): each period resolved from the case as written, its targets, and bad
//! periods refused with the period, the key and the fix named.

use hpsynth::case::{Case, CaseError};
use std::path::Path;

/// A hot stream 80 -> 40 °C of 400 kW (CP 10 kW/K) and a cold one 30 -> 70 °C of 200 kW (CP 5 kW/K), dT_min/2
/// 5 K, cooling water 20 -> 25 °C and steam at 150 °C.
const CASE: &str = r#"
[case]
name = "two streams"
dt_min_half_k = 5.0
[economics]
operating_h_per_yr = 8000.0
[[streams]]
name = "hot"
kind = "hot"
t_in_c = 80.0
t_out_c = 40.0
q_kw = 400.0
[[streams]]
name = "cold"
kind = "cold"
t_in_c = 30.0
t_out_c = 70.0
q_kw = 200.0
[[utilities]]
name = "cooling water"
kind = "cold"
t_in_c = 20.0
t_out_c = 25.0
price_eur_per_kwh = 0.001
[[utilities]]
name = "steam"
kind = "hot"
t_in_c = 150.0
t_out_c = 149.0
price_eur_per_kwh = 0.05
"#;

fn load(periods: &str) -> Result<Case, CaseError> {
    Case::from_toml_str(&format!("{CASE}{periods}"), "periods.toml", Path::new("."))
}

fn problems(periods: &str) -> Vec<String> {
    match load(periods) {
        Err(CaseError::Invalid { problems, .. }) => {
            problems.iter().map(|p| p.to_string()).collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

/// Duties by value and by factor, a summer cooling water, a tariff and a utility off, resolved by hand; the
/// weights divide the case's 8000 h.
#[test]
fn a_period_is_the_case_with_its_own_duties_temperatures_and_prices() {
    let case = load(
        r#"
[[periods]]
name = "summer"
weight = 0.25
stream_q_kw = { "hot" = 600.0 }
stream_factor = { "cold" = 0.5 }
utility_t_in_c = { "cooling water" = 26.0 }
utility_t_out_c = { "cooling water" = 31.0 }
electricity_price_eur_per_kwh = 0.30
utility_available = { "steam" = false }
[[periods]]
name = "winter"
weight = 0.75
"#,
    )
    .unwrap();
    let summer = case.in_period(&case.periods[0]);
    assert_eq!(summer.streams[0].q_w(), 600e3);
    assert_eq!(summer.streams[1].q_w(), 100e3);
    assert!((summer.utilities[0].t_in_k - 299.15).abs() < 1e-12);
    assert!((summer.utilities[0].t_out_k - 304.15).abs() < 1e-12);
    assert_eq!(summer.utilities[1].max_w, Some(0.0));
    assert!((summer.electricity.price_eur_per_j * 3.6e6 - 0.30).abs() < 1e-15);
    assert_eq!(summer.economics.operating_s_per_yr, 0.25 * 8000.0 * 3600.0);
    assert!(summer.periods.is_empty());
    // Winter is the case as written, for 6000 h.
    let winter = case.in_period(&case.periods[1]);
    assert_eq!(winter.streams, case.streams);
    assert_eq!(winter.utilities, case.utilities);
    assert_eq!(winter.economics.operating_s_per_yr, 6000.0 * 3600.0);
}

/// With `hours_per_yr` the case's operating time is their sum.
#[test]
fn hours_per_period_set_the_operating_time() {
    let case = load(
        "[[periods]]\nname = \"day\"\nhours_per_yr = 3000.0\n[[periods]]\nname = \"night\"\nhours_per_yr = 2000.0\n",
    )
    .unwrap();
    assert_eq!(case.economics.operating_s_per_yr, 5000.0 * 3600.0);
}

/// Minimum utilities by hand, problem table at dT_min/2 = 5 K: the hot stream (CP 10) shifted to 75 -> 35,
/// the cold (CP 5) to 35 -> 75: the cold is wholly below the hot, Q_h = 0, Q_c = 400 - 200 = 200 kW. When the
/// hot stream doubles (CP 20, 800 kW) Q_c = 600 kW; when it falls to a quarter (CP 2.5, 100 kW), the cold
/// needs 100 kW from steam and Q_c = 0.
#[test]
fn each_period_has_its_own_targets() {
    let case = load(
        r#"
[[periods]]
name = "double"
weight = 0.5
stream_factor = { "hot" = 2.0 }
[[periods]]
name = "quarter"
weight = 0.5
stream_factor = { "hot" = 0.25 }
"#,
    )
    .unwrap();
    let r = hpsynth::summary::targets::report(&case);
    assert!((r.q_hot_min_kw - 0.0).abs() < 1e-9 && (r.q_cold_min_kw - 200.0).abs() < 1e-9);
    let t: Vec<(f64, f64)> = r
        .periods
        .iter()
        .map(|p| (p.targets.q_hot_min_kw, p.targets.q_cold_min_kw))
        .collect();
    assert!(
        (t[0].0 - 0.0).abs() < 1e-9 && (t[0].1 - 600.0).abs() < 1e-9,
        "{t:?}"
    );
    assert!(
        (t[1].0 - 100.0).abs() < 1e-9 && (t[1].1 - 0.0).abs() < 1e-9,
        "{t:?}"
    );
    assert_eq!(r.periods[1].hours_per_yr, 4000.0);
}

#[test]
fn bad_periods_name_the_period_the_key_and_the_fix() {
    let cases: [(&str, &str); 6] = [
        (
            "[[periods]]\nname = \"p\"\nweight = 1.0\nstream_q_kw = { \"hott\" = 1.0 }\n",
            "periods[0] \"p\".stream_q_kw.\"hott\": no stream of the case is called \"hott\"",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 0.5\n[[periods]]\nname = \"q\"\nweight = 0.4\n",
            "the periods' weights sum to 0.9",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 0.5\n[[periods]]\nname = \"q\"\nhours_per_yr = 100.0\n",
            "exactly one of hours_per_yr and weight",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 0.5\n[[periods]]\nname = \"p\"\nweight = 0.5\n",
            "periods[1] \"p\".name",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 1.0\nstream_q_kw = { \"hot\" = 1.0 }\nstream_factor = { \"hot\" = 2.0 }\n",
            "given twice",
        ),
        (
            "[[periods]]\nname = \"p\"\nweight = 1.0\nutility_t_in_c = { \"cooling water\" = 40.0 }\n",
            "periods[0] \"p\".utility_t_in_c.\"cooling water\": a cold stream cools down",
        ),
    ];
    for (periods, expected) in cases {
        let found = problems(periods);
        assert!(
            found
                .iter()
                .any(|p| p.contains(expected) && p.contains("fix: ")),
            "{expected}: {found:?}"
        );
    }
}
