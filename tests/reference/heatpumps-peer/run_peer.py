"""Peer cross-check: TU Berlin `heatpumps` 1.5.2 (TESPy 0.11.3) on 10 MW R717 machines.

Case: heat source water 40 -> 30 degC, heat sink water 70 -> 90 degC,
evaporator ttd_l = 2 K (source outlet - evaporation temperature),
condenser ttd_u = 2 K (sink outlet vs. dew temperature at condenser inlet),
consumer heat Q = -10 MW.

Models: HeatPumpSimple, HeatPumpFlash, HeatPumpEcon(econ_type='open')
(and, for reference, HeatPumpEcon(econ_type='closed') and HeatPumpIC).

Variants:
  * "default_dp"  : pressure ratios as in the package's default JSON files (0.98)
  * "no_dp"       : every pressure ratio (evap pr1/pr2, cond pr1/pr2, cons pr,
                    econ pr1/pr2, ic pr) set to 1.0

All other parameters are the package defaults (eta_s = 0.75 compressors,
0.8 pumps, motors eta = 0.98 hard-coded in the model classes, A3/A5 x = 1).

Usage:  venv/bin/python run_peer.py
Writes: results_<variant>.json and results_all.json in this directory.
"""
import copy
import json
import math
import os
import sys
import traceback
import warnings
from importlib import resources

import numpy as np
from CoolProp.CoolProp import PropsSI as PSI

import heatpumps
from heatpumps.models import HeatPumpSimple, HeatPumpFlash, HeatPumpEcon, HeatPumpIC
import tespy

HERE = os.path.dirname(os.path.abspath(__file__))
INPUT = resources.files('heatpumps').joinpath('models', 'input')

WF = 'R717'
REF_YEAR = '2013'       # hard-coded in hp_dashboard.py (ss.hp.calc_cost(ref_year='2013', ...))
CURRENT_YEAR = '2023'   # dashboard default: first entry of sorted(cepci.keys(), reverse=True)

MODELS = {
    'simple': ('params_hp_simple.json', HeatPumpSimple, {}),
    'flash': ('params_hp_flash.json', HeatPumpFlash, {}),
    'econ_open': ('params_hp_econ_open.json', HeatPumpEcon, {'econ_type': 'open'}),
    'econ_closed': ('params_hp_econ_closed.json', HeatPumpEcon, {'econ_type': 'closed'}),
    'ic': ('params_hp_ic.json', HeatPumpIC, {}),
}


def load_params(fname, no_dp):
    with open(str(INPUT.joinpath(fname)), 'r', encoding='utf-8') as f:
        p = json.load(f)
    p['setup']['refrig'] = WF
    p['fluids']['wf'] = WF
    p['fluids']['si'] = 'H2O'
    p['fluids']['so'] = 'H2O'
    p['B1']['T'] = 40.0
    p['B2']['T'] = 30.0
    p['C1']['T'] = 70.0
    p['C3']['T'] = 90.0
    p['cons']['Q'] = -10e6
    p['evap']['ttd_l'] = 2.0
    p['cond']['ttd_u'] = 2.0
    if no_dp:
        for key in ('evap', 'cond', 'econ'):
            if key in p:
                for pr in ('pr1', 'pr2'):
                    if pr in p[key]:
                        p[key][pr] = 1.0
        p['cons']['pr'] = 1.0
        if 'ic' in p and 'pr' in p['ic']:
            p['ic']['pr'] = 1.0
    return p


def fnum(x):
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    if math.isnan(x) or math.isinf(x):
        return None
    return x


def attr(comp, name):
    if not hasattr(comp, name):
        return None
    a = getattr(comp, name)
    return {'val': fnum(a.val), 'val_SI': fnum(a.val_SI)}


def collect(hp, name, params, variant):
    nw = hp.nw
    out = {
        'model': name,
        'variant': variant,
        'class': type(hp).__name__,
        'econ_type': getattr(hp, 'econ_type', None),
        'params': params,
        'solved_design': bool(hp.solved_design),
        'nw_status': int(getattr(nw, 'status', -1)),
        'residual_last': fnum(nw.problem.residual[-1]) if hasattr(nw, 'problem') else None,
        'model_warnings': list(hp.model_warnings),
        'COP_package': fnum(hp.cop),  # heat_output / E_grid (incl. motors eta=0.98 and pumps)
        'heat_output_W': fnum(hp.heat_output),
        'power_input_grid_W': fnum(hp.power_input),
        'cop_lorenz': fnum(hp.cop_lorenz),
        'cop_carnot': fnum(hp.cop_carnot),
    }
    # connections (material)
    conns = {}
    for label, c in hp.conns.items():
        if label.startswith('E_'):
            conns[label] = {'E_W': fnum(c.E.val_SI)}
            continue
        d = {
            'source': c.source.label, 'source_id': c.source_id,
            'target': c.target.label, 'target_id': c.target_id,
            'T_C': fnum(c.T.val_SI - 273.15),
            'p_bar': fnum(c.p.val_SI / 1e5),
            'h_kJkg': fnum(c.h.val_SI / 1e3),
            'm_kgs': fnum(c.m.val_SI),
            'v_m3s': fnum(c.v.val_SI),
            'vol_m3kg': fnum(c.vol.val_SI),
            's_kJkgK': fnum(c.s.val_SI / 1e3),
            'x': fnum(c.x.val_SI),
            'fluid': {k: fnum(v) for k, v in c.fluid.val.items() if v > 0},
        }
        conns[label] = d
    out['connections'] = conns

    comps = {}
    for label in nw.comps.index:
        comp = nw.comps.loc[label, 'object']
        ctype = nw.comps.loc[label, 'comp_type']
        d = {'type': ctype}
        for a in ('Q', 'P', 'UA', 'kA', 'lmtd', 'td_log', 'ttd_u', 'ttd_l',
                  'pr', 'pr1', 'pr2', 'eta_s', 'eta', 'E_D'):
            v = attr(comp, a)
            if v is not None and (v['val'] is not None or v['val_SI'] is not None):
                d[a] = v
        if ctype == 'Compressor':
            i, o = comp.inl[0], comp.outl[0]
            d['suction_V_m3h'] = fnum(i.v.val_SI * 3600)
            d['suction_m_kgs'] = fnum(i.m.val_SI)
            d['power_kW'] = fnum(comp.P.val_SI / 1e3)
            d['p_in_bar'] = fnum(i.p.val_SI / 1e5)
            d['p_out_bar'] = fnum(o.p.val_SI / 1e5)
            d['T_out_C'] = fnum(o.T.val_SI - 273.15)
        if ctype in ('HeatExchanger', 'Condenser'):
            d['duty_kW'] = fnum(abs(comp.Q.val_SI) / 1e3)
            # terminal temps used for UA
            d['T_hot_in_C'] = fnum(comp.inl[0].T.val_SI - 273.15)
            d['T_hot_out_C'] = fnum(comp.outl[0].T.val_SI - 273.15)
            d['T_cold_in_C'] = fnum(comp.inl[1].T.val_SI - 273.15)
            d['T_cold_out_C'] = fnum(comp.outl[1].T.val_SI - 273.15)
            if ctype == 'Condenser':
                d['T_dew_hot_in_C'] = fnum(comp.inl[0].T_dew.val_SI - 273.15) if hasattr(comp.inl[0], 'T_dew') else None
        if ctype in ('Drum', 'DropletSeparator'):
            d['outlets'] = {
                o_.label: {'m_kgs': fnum(o_.m.val_SI), 'p_bar': fnum(o_.p.val_SI / 1e5),
                           'x': fnum(o_.x.val_SI), 'T_C': fnum(o_.T.val_SI - 273.15)}
                for o_ in comp.outl
            }
        if ctype in ('Pump',):
            d['power_kW'] = fnum(comp.P.val_SI / 1e3)
        comps[label] = d
    out['components'] = comps

    # compressor shaft powers and a "cycle" COP (condenser duty / sum shaft power)
    P_comp = sum(comps[k]['power_kW'] for k in comps if comps[k]['type'] == 'Compressor')
    Q_cond = comps['Condenser']['duty_kW']
    out['sum_compressor_shaft_power_kW'] = P_comp
    out['COP_cond_over_shaft'] = Q_cond / P_comp
    out['COP_consumer_over_shaft'] = out['heat_output_W'] / 1e3 / P_comp

    # pressure levels used for the initial guess / intermediate pressure
    p_evap, p_cond, p_mid = hp.get_pressure_levels(
        T_evap=params['B2']['T'], T_cond=params['C3']['T'])
    out['get_pressure_levels_bar'] = {'p_evap': p_evap, 'p_cond': p_cond, 'p_mid_sqrt': p_mid}

    # costs: dashboard defaults
    cost_runs = {}
    for tag, kw in {
        'dashboard_2013_to_2023': dict(ref_year=REF_YEAR, current_year=CURRENT_YEAR),
        'no_escalation_2013_to_2013': dict(ref_year=REF_YEAR, current_year=REF_YEAR),
    }.items():
        hp.calc_cost(**kw)
        cepci = json.load(open(str(INPUT.joinpath('CEPCI.json'))))
        cost_runs[tag] = {
            'kwargs': kw,
            'cepci_factor': cepci[kw['current_year']] / cepci[kw['ref_year']],
            'k_defaults_W_m2K': {'k_evap': 1500, 'k_cond': 3500, 'k_trans': 60, 'k_misc': 50},
            'residence_time_s': 10,
            'cost_EUR': {k: fnum(v) for k, v in hp.cost.items()},
            'design_params': {k: fnum(v) for k, v in hp.design_params.items()},
            'cost_equipment_EUR': fnum(hp.cost_equipment),
            'cost_total_EUR': fnum(hp.cost_total),
            'specific_total_EUR_per_kW': fnum(hp.cost_total / (hp.heat_output / 1e3)),
        }
    out['costs'] = cost_runs
    return out


def run_one(name, variant):
    fname, cls, kw = MODELS[name]
    params = load_params(fname, no_dp=(variant == 'no_dp'))
    hp = cls(copy.deepcopy(params), **kw)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        hp.run_model(exergy_analysis=False, iterinfo=False)
    res = collect(hp, name, params, variant)
    res['python_warnings'] = sorted({str(x.message)[:300] for x in w})
    return res


def main():
    meta = {
        'heatpumps_version': getattr(heatpumps, '__version__', None),
        'tespy_version': tespy.__version__,
        'python': sys.version,
    }
    try:
        import CoolProp
        meta['coolprop_version'] = CoolProp.__version__
    except Exception:
        pass
    allres = {'meta': meta, 'runs': {}}
    names = sys.argv[1:] or list(MODELS)
    for variant in ('no_dp', 'default_dp'):
        vres = {}
        for name in names:
            try:
                r = run_one(name, variant)
                print(f"{variant:10s} {name:12s} COP={r['COP_package']:.6f} "
                      f"solved={r['solved_design']} "
                      f"COP_cond/shaft={r['COP_cond_over_shaft']:.6f} "
                      f"total={r['costs']['dashboard_2013_to_2023']['cost_total_EUR']:.0f}")
            except Exception as e:
                r = {'model': name, 'variant': variant, 'error': repr(e),
                     'traceback': traceback.format_exc()}
                print(f"{variant:10s} {name:12s} FAILED: {e!r}")
            vres[name] = r
        allres['runs'][variant] = vres
        with open(os.path.join(HERE, f'results_{variant}.json'), 'w') as f:
            json.dump({'meta': meta, 'runs': vres}, f, indent=2)
    with open(os.path.join(HERE, 'results_all.json'), 'w') as f:
        json.dump(allres, f, indent=2)


if __name__ == '__main__':
    main()
