//! Environmental and safety data per fluid, each with its source.
//!
//! - ASHRAE 34 designations and safety classes: ANSI/ASHRAE Standard 34-2022, "Designation and Safety
//!   Classification of Refrigerants", tables 4-1 and 4-2. Left empty where the standard has no class.
//! - GWP100: IPCC AR5 (2013), Working Group I, chapter 8, table 8.A.1 (100-year horizon, no climate-carbon
//!   feedback). Fluids the table does not list (ammonia, water, the light hydrocarbons, several recent HFOs)
//!   carry no value rather than a guess; they are all below 10 in later literature, but that is not this
//!   source. CoolProp's own GWP fields are not used: many hold placeholder markers.

use serde::Serialize;

/// A 100-year global warming potential with its source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gwp100 {
    pub value: f64,
    /// True where the source gives only an upper bound ("<1").
    pub upper_bound: bool,
    pub source: &'static str,
}

const AR5: &str = "IPCC AR5 WG1 (2013) table 8.A.1";

/// `(file stem, ASHRAE 34 designation, safety class, AR5 GWP100, upper bound)`.
pub(crate) type Row = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<f64>,
    bool,
);

pub(crate) const TABLE: &[Row] = &[
    ("Ammonia", Some("R717"), Some("B2L"), None, false),
    ("CarbonDioxide", Some("R744"), Some("A1"), Some(1.0), false),
    ("Cyclopentane", None, None, None, false),
    ("DimethylEther", Some("RE170"), Some("A3"), Some(1.0), false),
    ("Ethane", Some("R170"), Some("A3"), None, false),
    ("Ethylene", Some("R1150"), Some("A3"), None, false),
    ("IsoButane", Some("R600a"), Some("A3"), None, false),
    ("IsoButene", None, None, None, false),
    ("Isopentane", Some("R601a"), Some("A3"), None, false),
    ("MM", None, None, None, false),
    ("Methane", Some("R50"), Some("A3"), Some(28.0), false),
    ("Novec649", None, None, None, false),
    ("Propylene", Some("R1270"), Some("A3"), None, false),
    ("R1123", Some("R1123"), None, None, false),
    ("R1130(E)", Some("R1130(E)"), None, None, false),
    ("R1132(E)", Some("R1132(E)"), None, None, false),
    ("R1224yd(Z)", Some("R1224yd(Z)"), Some("A1"), None, false),
    (
        "R1233zd(E)",
        Some("R1233zd(E)"),
        Some("A1"),
        Some(1.0),
        false,
    ),
    ("R1234yf", Some("R1234yf"), Some("A2L"), Some(1.0), true),
    (
        "R1234ze(E)",
        Some("R1234ze(E)"),
        Some("A2L"),
        Some(1.0),
        true,
    ),
    ("R1234ze(Z)", Some("R1234ze(Z)"), None, None, false),
    ("R1243zf", Some("R1243zf"), Some("A2"), Some(1.0), true),
    ("R125", Some("R125"), Some("A1"), Some(3170.0), false),
    ("R1336mzz(E)", Some("R1336mzz(E)"), Some("A1"), None, false),
    (
        "R1336mzz(Z)",
        Some("R1336mzz(Z)"),
        Some("A1"),
        Some(2.0),
        false,
    ),
    ("R134a", Some("R134a"), Some("A1"), Some(1300.0), false),
    ("R143a", Some("R143a"), Some("A2L"), Some(4800.0), false),
    ("R152A", Some("R152a"), Some("A2"), Some(138.0), false),
    ("R161", Some("R161"), None, Some(4.0), false),
    ("R22", Some("R22"), Some("A1"), Some(1760.0), false),
    ("R227EA", Some("R227ea"), Some("A1"), Some(3350.0), false),
    ("R236EA", Some("R236ea"), None, Some(1330.0), false),
    ("R236FA", Some("R236fa"), Some("A1"), Some(8060.0), false),
    ("R245ca", Some("R245ca"), None, Some(716.0), false),
    ("R245fa", Some("R245fa"), Some("B1"), Some(858.0), false),
    ("R32", Some("R32"), Some("A2L"), Some(677.0), false),
    ("R365MFC", Some("R365mfc"), None, Some(804.0), false),
    ("RC318", Some("RC318"), Some("A1"), Some(9540.0), false),
    ("Toluene", None, None, None, false),
    ("Water", Some("R718"), Some("A1"), None, false),
    ("n-Butane", Some("R600"), Some("A3"), None, false),
    ("n-Hexane", None, None, None, false),
    ("n-Pentane", Some("R601"), Some("A3"), None, false),
    ("n-Propane", Some("R290"), Some("A3"), None, false),
];

/// GWP100 of a table row.
pub(crate) fn gwp(row: &Row) -> Option<Gwp100> {
    row.3.map(|value| Gwp100 {
        value,
        upper_bound: row.4,
        source: AR5,
    })
}
