"""Every parameter of the synthetic population, each with the published figure it aims at.

Two kinds of numbers live here:

* EXACT counts on the AI list (funnel, Table 1/2, places, VC/spin-off/patent, exits,
  founding years). The generator reproduces them by construction at ``scale=1``; at another
  scale every count becomes ``scale * count`` rounded by the largest-remainder method inside
  its partition (funnel steps, list sources, places, founding years) or rounded half-up on
  its own (the multi-label Table 1/2 columns, VC, spin-offs, patents, exits).
* DGP parameters (``Dgp``): the production / labour / finance process that the accounts are
  drawn from. The published regression results, shares and ratios are NOT written anywhere:
  they emerge when the estimators run on the microdata. The comments say which published
  figure each parameter moves; ``econ_ai.study.calibration`` prints published vs generated.

True production elasticities (value added, Cobb-Douglas, checked later by the productivity
estimators): ``Dgp.b_l = 0.6`` (labour, FTE) and ``Dgp.b_k = 0.3`` (tangible capital). Timing:
capital used in year t is the tangible stock at the START of year t, i.e. the previous balance
sheet's 22/27 (``tangible_assets`` lagged one year; for the founding year, the opening
contribution, which is not in the data). Investment of year t (rubric 8169) is chosen after
omega_t is known and adds to the end-of-year stock. Productivity is a random walk with a
deterministic drift that depends on group, age and calendar year only (omega_t = omega_t-1 + d
trend_t + xi_t: first-order Markov given those observables, as OP/LP/ACF assume; the
AI-specific terms concern 0.5% of the firm-years). Labour of year t is chosen before omega_t is
known (ACF timing): it reacts to the shock of t-1. Intermediate inputs (60/61) are chosen
knowing omega_t and depend on omega_t and k_t only: m = b0 + omega + (b_l + b_k) k + m_shift +
logit(share), the share depending on the observables NACE-2 sector, AI group and age (estimate
by sector or put those in the first stage). So m is strictly increasing in omega given k and
free of labour: the Levinsohn-Petrin and Wooldridge proxy conditions hold and labour is
identified (a quick check on the simulated grid, two NACE-2 sectors, ~20k firm-years each: LP
0.600/0.298 and 0.602/0.314, Wooldridge 0.601/0.301 and 0.603/0.311, ACF 0.650/0.275 and
0.563/0.303 for labour/capital; OLS 0.63-0.66). Investment 8169 is increasing in omega_t within
a firm (it has a firm-specific level), so the OP investment proxy holds only with firm effects.
Value added = turnover - intermediate inputs. Growth regressions: intangible assets are zero in
~70% of firm-years: use log1p().
"""

from __future__ import annotations

from dataclasses import dataclass, field

GENERATOR_VERSION = "8"  # bump whenever the output changes (cache key); "3" was an interim tuning state;
# "6": issue 14 (seed-robust DGP) and, separately, issue 12 (register entities and names for record
# linkage, candidate lists: synth.entities, synth.candidates); "7": both together; "8": issue 14's recalibration
# (scale-ups stratified by cohort, Figure 4 / 7 parameters; see Dgp)
DEFAULT_SEED = 20250416  # the day the study closed its identification (16 April 2025)

FIRST_YEAR = 2010  # accounts observed 2010-2023 (published.md: "annual accounts ... 2010-2023")
LAST_YEAR = 2023
HISTORY_LAST_YEAR = 2024  # legal situations up to 2024 (Figure 6: exits 2010-2024)
SNAPSHOT_DATE = "16-04-2025"  # KBO snapshot = identification closed on 16 April 2025

# ---------------------------------------------------------------- Figure 1: the funnel
N_AI4BELGIUM = 435  # AI4Belgium list (2021)
N_VAEREMANS = 262  # Vaeremans (2025)
N_OWN = 559  # own additions
N_NAMES = 1256  # potential Belgian AI companies (names) = 435 + 262 + 559
N_KBO = 1027  # ... linked to a KBO enterprise number
N_STARTERS = 851  # ... founded after 2009
N_VERIFIED = 744  # ... verified to produce AI
# disjoint partition of the 1256 names by the last funnel step they reached
FUNNEL_PARTITION = {
    "verified": N_VERIFIED,  # 744
    "starter": N_STARTERS - N_VERIFIED,  # 107 founded >= 2010, not verified as AI
    "kbo": N_KBO - N_STARTERS,  # 176 founded before 2010
    "name": N_NAMES - N_KBO,  # 229 not linked to KBO (duplicates, apps, universities, ...)
}
SOURCES = {"ai4belgium": N_AI4BELGIUM, "vaeremans": N_VAEREMANS, "own": N_OWN}

# ---------------------------------------------------------------- Table 1 and Table 2
TECH_COUNTS = {  # Table 1 (mean 1589 / 744 = 2.1 per starter)
    "tech_automation": 486,
    "tech_ml": 461,
    "tech_language": 252,
    "tech_image": 172,
    "tech_autonomous": 61,
    "tech_textmining": 57,
    "tech_text_to_image": 49,
    "tech_speech": 42,
    "tech_hardware": 9,
}
PURPOSE_COUNTS = {  # Table 2 (mean 1217 / 744 = 1.6 per starter)
    "purpose_admin": 371,
    "purpose_marketing": 256,
    "purpose_production": 245,
    "purpose_logistics": 148,
    "purpose_rnd": 120,
    "purpose_accounting": 55,
    "purpose_ict_security": 22,
}
N_VC = 156  # 21% with venture capital
N_SPINOFF = 38  # spin-offs of a Belgian university or college
N_PATENT = 56  # at least one US or EU patent
GOV_NONPROFIT_SHARE = 0.25  # not published: share serving government / non-profit clients
CLIENT_SECTORS_MEAN = 2.6  # not published: mean number of client sectors (1 + Poisson)

# ---------------------------------------------------------------- Figure 3: places
# place -> (count, postal codes used for it). Brussels-Capital Region = its 19 municipalities.
PLACES = {
    "Gent": (108, ("9000", "9000", "9000", "9050", "9052", "9030", "9040")),
    "Antwerpen": (86, ("2000", "2018", "2020", "2060", "2100", "2140", "2600")),
    "Brussels-Capital Region": (124, (
        "1000", "1030", "1040", "1050", "1060", "1070", "1080", "1081", "1082", "1083",
        "1090", "1140", "1150", "1160", "1170", "1180", "1190", "1200", "1210")),
    "Leuven": (53, ("3000", "3001", "3010")),
    "Hasselt": (26, ("3500",)),
    "Liège": (20, ("4000", "4020")),
    "Kontich": (16, ("2550",)),
    "Louvain-la-Neuve": (15, ("1348",)),
    "Charleroi": (10, ("6000", "6041")),
}
MAX_OTHER_PLACE = 9  # "no other place has 10 or more"
# Weight of the north for the other places (Brussels, East Flanders, Antwerp, Flemish Brabant)
OTHER_PROVINCE_WEIGHT = {
    "East Flanders": 3.0, "Antwerp": 3.0, "Flemish Brabant": 3.0, "West Flanders": 1.5,
    "Limburg": 1.2, "Walloon Brabant": 1.5, "Liège": 0.8, "Hainaut": 0.6, "Namur": 0.6,
    "Luxembourg": 0.3, "Brussels-Capital": 0.0,
}

# ---------------------------------------------------------------- Figure 2: founding years
# potential AI companies linked to KBO (1027) by founding year: roughly constant 1986-1998,
# slight rise from 1999, strong rise 2014-2020, peak 86 in 2019, decline from 2021.
FOUNDING_PRE2010 = dict(zip(range(1986, 2010), (
    4, 3, 4, 4, 3, 4, 5, 4, 4, 4, 5, 4, 4,  # 1986-1998: 52
    8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 17,  # 1999-2009: 124
)))  # total 176
FOUNDING_VERIFIED = dict(zip(range(2010, 2024), (  # the 744 verified AI starters
    26, 29, 33, 39, 49, 57, 64, 69, 75, 79, 73, 63, 57, 31)))
FOUNDING_UNVERIFIED = dict(zip(range(2010, 2025), (  # the 107 starters not verified as AI
    4, 4, 5, 5, 6, 6, 6, 7, 7, 7, 7, 9, 9, 9, 16)))
# sum per year of the three tables = Figure 2; 2019: 79 + 7 = 86 (the peak)

# ---------------------------------------------------------------- Figure 6: exits
N_AI_FAILED = 74  # bankruptcy, liquidation or dissolution, all from 2018 on
N_AI_ACQUIRED = 26  # merger or acquisition, from 2018 on
AI_EXIT_FIRST_YEAR = 2018
AI_ACQUIRED_MEDIA_SHARE = 0.35  # share of AI M&A known only from media reports (Source "media")
# Logit indices of the event draws (weighted sampling WITHOUT replacement with weights
# exp(index), which fixes the totals 74 / 26 exactly while the covariates keep their
# published signs in a logit on the 744): working paper tables 11 and 12.
FAIL_INDEX = {
    "tech_autonomous": 1.8,  # significantly higher failure
    "purpose_production": -1.5,  # lower
    "n_client_sectors": -0.5,  # lower with more client sectors (per sector)
    "gov_nonprofit": -1.8,  # lower when serving government / non-profit
    "vc": 0.0,
}
ACQ_INDEX = {
    "purpose_ict_security": 3.0,  # more likely
    "purpose_accounting": 2.2,  # more likely
    "spinoff": 2.5,  # more likely
    "vc": 0.0,  # not significant
}
# "venture capital is not significant" for acquisition is a null: with vc's index 0 and free
# draws it would be rejected on 5% of seeds by construction. Acquisitions are therefore split
# between VC and other starters in proportion to their weights (the expected split), so the
# null holds in every draw; the other covariates are still drawn freely within the strata.
ACQ_STRATA: tuple = ("vc",)

# ---------------------------------------------------------------- population sizes
N_REFERENCE = 156_576  # non-AI starters founded 2010-2023 with >= 1 employee (incl. the 2010-2023
#                        founded starters of the AI list that were not verified)
N_NO_EMPLOYEE = 150_000  # starters without employees (not in the reference group); "as many again"
NON_AI_FOUNDING_TREND = 0.02  # yearly growth of the number of new employer starters 2010-2023


@dataclass(frozen=True)
class Dgp:
    """Data-generating process of the firm-year accounts. Groups: 0 non-AI, 1 AI without VC,
    2 AI with VC (a tuple is indexed by group)."""

    # production function (value added, Cobb-Douglas) -- TRUE elasticities
    b_l: float = 0.6
    b_k: float = 0.3
    b0: float = 8.5  # log-level constant (units: EUR, FTE)
    sigma_eps: float = 0.10  # measurement / transitory output shock (not known to the firm)
    # productivity omega_it = a_i + trend_it + v_it, v_it = rho v_i,t-1 + xi_it, with
    # trend_it = g_omega age + g_omega_young (1 - exp(-age / tau)) + ai_wave clip((year - start) / years)
    # Generator v3 (tuned so the remaining published results emerge at full scale, seeds 20250416
    # and 1; see the calibration table in econ_ai.study.calibration):
    # * Fig. 7 asks AI without VC to be over-represented in the top 20% (turnover 38%, staff and
    #   VA 52%) while Fig. 4 keeps the AI/all ratios of SUMS at 1.6 / 1.9 / 2.7 / 3.5: the AI
    #   distribution must be shifted up but LESS right-skewed than a wide lognormal. Two types of
    #   AI starters do that (``scaler_share`` scale-ups grow staff fast with lower TFP; the others
    #   stay small but productive), with a narrow start-up TFP (omega0_sd 0.3).
    # * Fig. 4 crossings in 2013/2014: a calendar-time AI wave (deep learning from 2012) lifts AI
    #   TFP and staff over 2011-2014, and the early cohorts still on the list in 2021-2025 are the
    #   productive survivors (``omega0_cohort``); age-driven growth alone made the AI/all ratios
    #   convex (VA crossing only in 2017) and the growth premia too large.
    # Generator v6 (issue 14: tuned on seeds 101-120, reported on 1-20, power in REPRODUCTION.md):
    # the AI size distribution is less heavy-tailed (l0_sd, g_l_firm_sd lower; EXACT scale-up
    # counts) so the Figure 4 ratios of sums vary less from seed to seed; AI TFP drift g_omega
    # 0.022 so labour-productivity growth of AI starters equals that of others (the 4th
    # productivity indicator shows no difference, specs/09) while the three TFP premia stay
    # significant; logit indices raised for power (specs/11).
    # Generator v8 (issue 14 continued: tuned on seeds 101-140 with an in-memory replica of the
    # Figure 4 / Figure 7 statistics, reported on 1-20): the scale-ups are spread EXACTLY over the
    # founding cohorts (accounts._exact_share with strata: an old scale-up weighs many times a
    # young one in the 2023 sums), which halves the seed-to-seed spread of the staff and wage
    # ratios; AI without VC start larger and more alike (l0_mean -0.7, omega0_sd 0.1) with a
    # smaller early-cohort premium (omega0_cohort 0.005), and their scale-ups are less
    # unproductive (scaler_omega -0.4) and pay junior wages (scaler_wage -0.18): Figure 7's
    # 52% / 38% / 18% (VA / turnover / intersection) sit at the centre of their tolerance while
    # Figure 4's ratios of sums stay at 1.6-1.9 / 2.7 / 3.5. VC starters pay more (wage_ai 1.1,
    # the wage bill 3.5x) and grow staff a little faster (g_l 0.065). Filing: turnover is
    # disclosed by 90% of the abbreviated filers (turnover_voluntary) and full-model filing
    # depends less on size (full_size_weight 0.1), so the turnover ratio does not hinge on which
    # few large AI starters happen to report it; other operating items vary less (other_sd 0.25).
    omega0_mean: tuple = (0.0, 0.2, 0.15)
    omega0_sd: tuple = (0.35, 0.1, 0.15)
    g_omega: tuple = (0.0, 0.022, 0.022)  # AI TFP drift (with the learning term: TFP growth premium)
    g_omega_young: tuple = (0.0, 0.2, 0.2)  # AI learning: + g_omega_young * (1 - exp(-age / tau))
    omega0_cohort: tuple = (0.0, 0.005, 0.035)  # start-up TFP + this per founding year before
    cohort_ref: int = 2019  # ... cohort_ref (survivors of early cohorts identified in 2021-2025)
    ai_wave: tuple = (0.0, 0.4, 0.4)  # AI demand wave: TFP + ai_wave * clip((year - start) / years)
    ai_wave_start: int = 2011
    ai_wave_years: float = 3.0
    ai_wave_l: tuple = (0.0, 0.47, 0.27)  # ... and AI staff rise with it (log FTE, planned at t-1 info)
    rho: float = 1.0  # random walk: omega_t = omega_t-1 + trend + xi_t (Markov in omega)
    sigma_xi: float = 0.10
    # labour (FTE): random walk with drift, chosen before omega_t: reacts to v_{t-1}
    # log FTE at founding (employer starters; floor 1 FTE): AI start small and grow fast while
    # young, so their staff share crosses the count share only after a few years (Fig. 4)
    l0_mean: tuple = (0.35, -0.7, -0.7)
    l0_sd: tuple = (0.55, 0.7, 0.4)
    g_l: tuple = (0.015, 0.02, 0.065)  # labour drift (AI staff growth premium 7-13% with the terms below)
    g_l_young: float = 0.10  # extra growth of young firms: g_l_young * exp(-age / 3)
    g_l_firm_sd: tuple = (0.04, 0.02, 0.02)  # firm-specific drift
    g_l_young_ai: tuple = (0.0, 0.082, 0.068)  # extra AI staff growth after founding:
    g_l_young_ai_tau: float = 3.0  # ... g_l_young_ai * exp(-(age - 1) / tau); tau also for learning
    omega_growth_corr: tuple = (0.0, 0.0, 0.0)  # corr(start-up TFP, firm staff-growth drift)
    scaler_share: tuple = (0.0, 0.35, 0.15)  # share of scale-ups among AI starters
    scaler_growth: float = 0.2  # extra yearly log staff growth of a scale-up
    scaler_omega: float = -0.4  # start-up TFP shift of a scale-up (hires ahead of output)
    scaler_wage: float = -0.18  # log wage shift of a scale-up (junior hires: their EBIT, Fig. 7)
    sigma_eta: float = 0.07  # hiring noise
    lam: float = 0.5  # response of labour to last year's productivity shock v_{t-1}
    l_opt_error_sd: float = 0.0  # labour optimisation error after materials (0: ACF timing exact)
    m_shift: float = -6.19  # = -b_l log(kappa_sector): materials at the target capital-labour ratio
    # capital (tangible fixed assets), delta and investment policy
    delta: float = 0.15
    kappa_sector: float = 30_000.0  # target capital per FTE (scaled by sector factor)
    kappa_ai: tuple = (1.0, 0.55, 0.45)  # AI firms are asset-light
    kappa_ai_age: tuple = (0.0, 0.07, 0.07)  # ... and more so as they age (capital grows slower)
    psi_omega: float = 0.8  # investment rises with omega_t (monotone proxy)
    psi_gap: float = 0.25  # investment closes the gap to the target capital-labour ratio
    k0_sd: float = 1.0
    k0_sd_ai: tuple = (1.0, 0.5, 0.5)  # multiplies k0_sd by group: AI start with similar kit
    # intermediate inputs: share s of turnover (sector), AI shifts to software over age
    s_ai_shift: tuple = (0.0, 1.25, 1.15)  # logit shift of the intermediate share (Fig. 4 turnover 1.6x)
    s_ai_age: tuple = (0.0, 0.05, 0.05)  # logit drift per year of age (turnover growth premium)
    s_firm_sd: float = 0.0  # no firm-specific share: the materials proxy is a common function
    #                         of (omega, l, k) given sector, AI group and age (LP/ACF inversion)
    # wages per FTE (employer cost, EUR)
    wage_base: float = 48_000.0
    wage_ai: tuple = (0.0, 0.18, 1.1)  # log wage premium: wage bill 3.5x vs staff 2.7x (Fig. 4);
    #                                     VC firms pay most and make losses (Fig. 7 EBIT)
    wage_age: tuple = (0.012, 0.018, 0.02)  # wage growth per year of age (WB growth premium < 13%)
    wage_firm_sd: float = 0.15
    # other operating items (share of value added), intangible assets
    other_sd: float = 0.25  # other operating items: loosens the turnover-staff-EBIT link (Fig. 7: 7%)
    other_mean: tuple = (0.0, 0.0, -0.5)  # VC firms burn cash on growth (marketing, R&D services):
    #                                        their large firms are not in the top EBIT (Fig. 7)
    intangible_share: tuple = (0.3, 0.75, 0.85)  # firms that capitalise intangibles
    intangible_rate: tuple = (0.03, 0.10, 0.15)  # capitalised share of wage bill
    intangible_delta: float = 0.2
    # finance
    debt_ratio: tuple = (0.55, 0.45, 0.15)  # financial debt / tangible assets: VC less debt per FTE
    receivables: float = 0.18  # of turnover
    payables: float = 0.12  # trade payables, of intermediate inputs
    wage_payables: float = 0.04  # wages and social charges owed at year end, of the wage bill (v8;
    #                              before: 0.12 like trade payables, which made the debts per
    #                              employee of the high-wage VC starters high whatever their funding)
    min_cash: float = 0.06  # of turnover: below it the firm borrows (shareholder / bank loans)
    interest: float = 0.04
    tax: float = 0.25
    equity0_log_mean: float = 10.2  # founder capital (~27k EUR)
    vc_round_log_mean: float = 14.7  # VC round size (~2.4M EUR; v8, was ~1M): VC higher equity / total assets
    vc_round_sd: float = 0.8
    vc_round_prob: float = 0.55  # yearly probability of a follow-on round (age <= 6; v8, was 0.35)
    vc_founding_pull: float = 0.0  # VC firms founded later: weight exp(pull * (year - 2019))...
    vc_founding_width: float = 2.8  # ... times a bell of this width around 2019.5 (mean age ~4)
    # exits of non-AI starters (yearly hazard; worse productivity -> higher hazard)
    hazard_employer: float = 0.032  # sets the active population: AI = 0.53% of active in 2023
    hazard_no_employee: float = 0.07
    hazard_omega: float = 0.5
    exit_mix: dict = field(default_factory=lambda: {
        "bankruptcy": 0.36, "liquidation": 0.34, "dissolution": 0.14, "merger_acquisition": 0.16})
    # filing behaviour
    full_share_target: float = 0.30  # ~70% of firm-years file the abbreviated or micro model
    full_size_weight: float = 0.1  # weight of log FTE in the propensity to file the full model
    turnover_voluntary: float = 0.90  # abbreviated filers that also disclose turnover (70)
    micro_from: int = 2016  # the micro model exists from fiscal year 2016
    micro_max_fte: float = 10.0
    gap_prob: float = 0.008  # a firm misses an (interior) filing year
    gap_n1_prob: float = 0.5  # ... and the next filing carries N-1 figures of that year
    refile_prob: float = 0.002  # a filing is corrected by a later deposit (duplicate year)
    non_calendar_share: float = 0.05  # fiscal year not ending on 31 December


DGP = Dgp()

# sector mix of employer starters (NACE-BEL 2008 divisions) and sector factors:
# (weight, intermediate share of turnover, capital-per-FTE factor)
SECTORS = {
    "10": (2.0, 0.60, 2.0), "16": (0.5, 0.55, 1.8), "25": (1.5, 0.55, 2.0), "28": (0.5, 0.55, 1.8),
    "33": (0.8, 0.50, 1.2), "41": (4.0, 0.58, 1.0), "43": (10.0, 0.50, 1.0), "45": (3.0, 0.68, 1.2),
    "46": (9.0, 0.72, 1.0), "47": (11.0, 0.62, 1.0), "49": (4.0, 0.55, 3.0), "52": (1.0, 0.55, 2.0),
    "55": (1.5, 0.40, 2.5), "56": (11.0, 0.45, 1.2), "58": (0.6, 0.40, 0.6), "62": (4.0, 0.35, 0.4),
    "63": (0.8, 0.35, 0.6), "68": (2.0, 0.45, 6.0), "69": (2.5, 0.30, 0.4), "70": (4.0, 0.40, 0.5),
    "71": (2.5, 0.35, 0.5), "72": (0.4, 0.40, 1.0), "73": (1.5, 0.55, 0.5), "74": (1.5, 0.40, 0.6),
    "77": (0.7, 0.50, 4.0), "78": (0.8, 0.20, 0.3), "81": (3.0, 0.30, 0.6), "82": (1.5, 0.45, 0.6),
    "85": (1.2, 0.35, 0.5), "86": (5.0, 0.25, 1.0), "88": (1.0, 0.25, 0.6), "93": (1.2, 0.45, 1.5),
    "96": (3.5, 0.35, 1.0),
}
# AI list: main NACE-BEL 2008 activity (5 digits) and weight
AI_NACE = {
    "62010": 40.0, "62020": 14.0, "62090": 5.0, "63110": 5.0, "58290": 8.0, "72190": 8.0,
    "70220": 8.0, "71121": 3.0, "73110": 2.0, "26510": 1.5, "28990": 1.5, "86909": 2.0,
    "74909": 2.0,
}
