"""Reference values from CoolProp 8 (Python package `coolprop==8.0.0`), for tests/integration/fluid_properties.rs and
tests/integration/cycle_reference.rs.

Run once with `python3 tests/reference/generate_coolprop8.py > tests/reference/coolprop8.json`; the output
records the CoolProp version. The tests never run CoolProp: they compare hpsynth with these stored numbers.
Every cycle below is computed here directly from CoolProp states, independently of hpsynth's code.
"""
import json
import CoolProp
import CoolProp.CoolProp as CP

FLUIDS = [
    "Ammonia", "CarbonDioxide", "Cyclopentane", "DimethylEther", "Ethane", "Ethylene", "IsoButane",
    "IsoButene", "Isopentane", "MM", "Methane", "Novec649", "Propylene", "R1123", "R1130(E)", "R1132(E)",
    "R1224yd(Z)", "R1233zd(E)", "R1234yf", "R1234ze(E)", "R1234ze(Z)", "R1243zf", "R125", "R1336mzz(E)",
    "R1336mzz(Z)", "R134a", "R143a", "R152A", "R161", "R22", "R227EA", "R236EA", "R236FA", "R245ca",
    "R245fa", "R32", "R365MFC", "RC318", "Toluene", "Water", "n-Butane", "n-Hexane", "n-Pentane",
    "n-Propane",
]


# CoolProp's library registers R1224yd(Z) under this name (same file, same CAS 111512-60-8).
COOLPROP_NAME = {"R1224yd(Z)": "R1224YDZ"}


def props(names, *args, fluid):
    return {n: CP.PropsSI(n, *args, fluid) for n in names}


def saturation(fluid):
    t_trip = CP.PropsSI("Ttriple", fluid)
    t_crit = CP.PropsSI("Tcrit", fluid)
    rows = []
    for frac in (0.3, 0.6, 0.9):
        t = t_trip + frac * (t_crit - t_trip)
        liq = props(["P", "H", "S", "D"], "T", t, "Q", 0, fluid=fluid)
        vap = props(["P", "H", "S", "D"], "T", t, "Q", 1, fluid=fluid)
        rows.append({"t_k": t, "p_pa": liq["P"], "h_liquid": liq["H"], "h_vapour": vap["H"],
                     "s_liquid": liq["S"], "s_vapour": vap["S"], "rho_liquid": liq["D"], "rho_vapour": vap["D"]})
    return rows


def single_phase(fluid):
    t_trip = CP.PropsSI("Ttriple", fluid)
    t_crit = CP.PropsSI("Tcrit", fluid)
    t_mid = t_trip + 0.6 * (t_crit - t_trip)
    p_mid = CP.PropsSI("P", "T", t_mid, "Q", 0, fluid)
    rows = []
    for t in (t_mid + 25.0, t_mid - 15.0):  # superheated vapour, then compressed liquid, at p_sat(t_mid)
        s = props(["H", "S", "D"], "P", p_mid, "T", t, fluid=fluid)
        rows.append({"p_pa": p_mid, "t_k": t, "h": s["H"], "s": s["S"], "rho": s["D"]})
    return rows


def compression_and_expansion(fluid):
    """Isentropic compression of saturated vapour from 0.45 to 0.85 of the (triple, critical) range, and the
    isenthalpic expansion of saturated liquid back down: a (p, s) and a (p, h) flash with their phases."""
    t_trip = CP.PropsSI("Ttriple", fluid)
    t_crit = CP.PropsSI("Tcrit", fluid)
    t_lo = t_trip + 0.45 * (t_crit - t_trip)
    t_hi = t_trip + 0.85 * (t_crit - t_trip)
    p_lo = CP.PropsSI("P", "T", t_lo, "Q", 1, fluid)
    p_hi = CP.PropsSI("P", "T", t_hi, "Q", 1, fluid)
    s1 = CP.PropsSI("S", "T", t_lo, "Q", 1, fluid)
    h2 = CP.PropsSI("H", "P", p_hi, "S", s1, fluid)
    t2 = CP.PropsSI("T", "P", p_hi, "S", s1, fluid)
    q2 = CP.PropsSI("Q", "P", p_hi, "S", s1, fluid)
    h3 = CP.PropsSI("H", "T", t_hi, "Q", 0, fluid)
    q4 = CP.PropsSI("Q", "P", p_lo, "H", h3, fluid)
    t4 = CP.PropsSI("T", "P", p_lo, "H", h3, fluid)
    return {"p_low_pa": p_lo, "p_high_pa": p_hi, "s_in": s1, "h_out": h2, "t_out_k": t2,
            "quality_out": q2 if 0 <= q2 <= 1 else None, "h_valve": h3, "quality_valve": q4, "t_valve_k": t4}


def single_stage(fluid, t_evap_c, t_cond_c, eta_is, superheat_k, subcool_k):
    te, tc = t_evap_c + 273.15, t_cond_c + 273.15
    pe = CP.PropsSI("P", "T", te, "Q", 1, fluid)
    pc = CP.PropsSI("P", "T", tc, "Q", 0, fluid)
    if superheat_k > 0:
        h1 = CP.PropsSI("H", "P", pe, "T", te + superheat_k, fluid)
        s1 = CP.PropsSI("S", "P", pe, "T", te + superheat_k, fluid)
    else:
        h1 = CP.PropsSI("H", "T", te, "Q", 1, fluid)
        s1 = CP.PropsSI("S", "T", te, "Q", 1, fluid)
    h2s = CP.PropsSI("H", "P", pc, "S", s1, fluid)
    h2 = h1 + (h2s - h1) / eta_is
    t2 = CP.PropsSI("T", "P", pc, "H", h2, fluid)
    if subcool_k > 0:
        h3 = CP.PropsSI("H", "P", pc, "T", tc - subcool_k, fluid)
    else:
        h3 = CP.PropsSI("H", "T", tc, "Q", 0, fluid)
    w = h2 - h1
    return {"fluid": fluid, "t_evap_c": t_evap_c, "t_cond_c": t_cond_c, "eta_is": eta_is,
            "superheat_k": superheat_k, "subcool_k": subcool_k,
            "cop_cooling": (h1 - h3) / w, "cop_heating": (h2 - h3) / w, "t_discharge_k": t2}


def two_stage_flash_mixing(fluid, p_low, p_mid, p_high):
    """Cengel & Boles' two-stage cycle with a flash chamber; saturated states, isentropic stages."""
    h1 = CP.PropsSI("H", "P", p_low, "Q", 1, fluid)
    s1 = CP.PropsSI("S", "P", p_low, "Q", 1, fluid)
    h2 = CP.PropsSI("H", "P", p_mid, "S", s1, fluid)
    h3 = CP.PropsSI("H", "P", p_mid, "Q", 1, fluid)
    h5 = CP.PropsSI("H", "P", p_high, "Q", 0, fluid)
    x6 = CP.PropsSI("Q", "P", p_mid, "H", h5, fluid)
    h7 = CP.PropsSI("H", "P", p_mid, "Q", 0, fluid)
    h9 = x6 * h3 + (1 - x6) * h2
    s9 = CP.PropsSI("S", "P", p_mid, "H", h9, fluid)
    h4 = CP.PropsSI("H", "P", p_high, "S", s9, fluid)
    q_l = (1 - x6) * (h1 - h7)
    w = (1 - x6) * (h2 - h1) + (h4 - h9)
    return {"fluid": fluid, "p_low_pa": p_low, "p_mid_pa": p_mid, "p_high_pa": p_high, "flash_fraction": x6,
            "refrigeration_effect_j_per_kg": q_l, "work_j_per_kg": w, "cop_cooling": q_l / w}


def two_stage_presaturator(fluid, t_low_c, t_mid_c, t_high_c):
    """Flash tank at the intermediate level that also desuperheats the low-stage discharge (pre-saturator):
    the high stage takes saturated vapour. Energy balance of the tank per kg of high-stage flow:
    h_in_flash + m_low h2 = h_V,mid + m_low h_L,mid."""
    tl, tm, th = (t + 273.15 for t in (t_low_c, t_mid_c, t_high_c))
    h1 = CP.PropsSI("H", "T", tl, "Q", 1, fluid)
    s1 = CP.PropsSI("S", "T", tl, "Q", 1, fluid)
    pm = CP.PropsSI("P", "T", tm, "Q", 1, fluid)
    ph = CP.PropsSI("P", "T", th, "Q", 1, fluid)
    h2 = CP.PropsSI("H", "P", pm, "S", s1, fluid)
    hvm = CP.PropsSI("H", "T", tm, "Q", 1, fluid)
    hlm = CP.PropsSI("H", "T", tm, "Q", 0, fluid)
    svm = CP.PropsSI("S", "T", tm, "Q", 1, fluid)
    h4 = CP.PropsSI("H", "P", ph, "S", svm, fluid)
    h5 = CP.PropsSI("H", "T", th, "Q", 0, fluid)
    m_low = (hvm - h5) / (h2 - hlm)
    q_l = m_low * (h1 - hlm)
    w = m_low * (h2 - h1) + (h4 - hvm)
    return {"fluid": fluid, "t_low_c": t_low_c, "t_mid_c": t_mid_c, "t_high_c": t_high_c, "cop_cooling": q_l / w}


out = {
    "generator": "tests/reference/generate_coolprop8.py",
    "coolprop_version": CoolProp.__version__,
    "fluids": {f: {"saturation": saturation(COOLPROP_NAME.get(f, f)),
                   "single_phase": single_phase(COOLPROP_NAME.get(f, f)),
                   "compression": compression_and_expansion(COOLPROP_NAME.get(f, f))} for f in FLUIDS},
    "single_stage_cycles": [
        single_stage("Ammonia", -10, 35, 1.0, 0, 0),
        single_stage("R134a", -20, 40, 0.75, 5, 3),
        single_stage("n-Propane", -30, 30, 0.7, 8, 2),
        single_stage("CarbonDioxide", -40, -5, 0.8, 5, 0),
        single_stage("R1234ze(E)", 10, 80, 0.72, 5, 5),
        single_stage("n-Butane", 40, 110, 1.0, 0, 0),
    ],
    "two_stage_flash_mixing": [two_stage_flash_mixing("R134a", 0.14e6, 0.32e6, 0.8e6)],
    "two_stage_presaturator": [two_stage_presaturator("Ammonia", -40, -5, 35)],
}
print(json.dumps(out, indent=1))
