"""Open-circuit curves: every active material has one, with its source; the literature fits are
tabulated faithfully; the source papers' plateaus are where the papers put them.

The fits are typed out again here from the papers (as PyBaMM implements them), not read from the
engine: Chen2020's NMC811 and graphite, Afshar2017's LiFePO4, Kim2011's NCA.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from engine.materials import shipped_library
from engine.ocv import (
    OcvError,
    curve_for,
    lithiation_at_potential,
    open_circuit_potential_V,
    parse_ocv,
    shipped_curves,
)
from engine.paths import resource_path
from engine.references import load_references


def test_every_active_material_has_a_sourced_curve():
    references = set(load_references())
    library = shipped_library()
    actives = [m for m in library.materials.values() if m.is_active]
    assert len(actives) == 19
    for material in actives:
        curve = curve_for(material.id)
        assert curve is not None, f"{material.id} has no open-circuit curve"
        assert curve.ref in references, f"{material.id}: unknown reference {curve.ref!r}"
        assert curve.note, f"{material.id}: the curve says nothing of how it was made"
        assert 0.0 <= curve.first_lithiation < curve.last_lithiation <= 1.0
        if material.category == "cathode_active":
            assert curve.strictly_falling, material.id
            assert curve.cutoff_low_V is not None
            assert curve.cutoff_high_V is not None
            assert curve.cutoff_low_V.ref in references
            assert curve.cutoff_high_V.ref in references
            assert curve.cutoff_low_V.value < curve.cutoff_high_V.value
    # Each file checks against the bibliography when read with it.
    for path in sorted(resource_path("ocv").glob("*.json")):
        parse_ocv(json.loads(path.read_text()), path.name, references)


def test_nmc811_follows_chen2020():
    """Chen et al. 2020, positive-electrode fit, typed out: U(0.5) = -0.8090 * 0.5 + 4.4875
    - 0.0428 tanh(18.5138 * -0.0542) - 17.7326 tanh(15.7890 * 0.1883) + 17.5842
    tanh(15.9308 * 0.1880) = 3.9720 V."""

    def chen(x):
        return (
            -0.8090 * x
            + 4.4875
            - 0.0428 * math.tanh(18.5138 * (x - 0.5542))
            - 17.7326 * math.tanh(15.7890 * (x - 0.3117))
            + 17.5842 * math.tanh(15.9308 * (x - 0.3120))
        )

    curve = curve_for("NMC811")
    assert chen(0.5) == pytest.approx(3.9720, abs=1e-4)
    for x in (0.3, 0.45, 0.6, 0.75, 0.9, 0.99):
        assert open_circuit_potential_V(curve, x) == pytest.approx(chen(x), abs=2e-3)
    # No drop at the end of discharge in this fit: the table ends with the host full.
    assert curve.last_lithiation == 1.0
    assert open_circuit_potential_V(curve, 1.0) == pytest.approx(chen(1.0), abs=1e-4)


def test_lfp_nca_and_graphite_follow_their_fits():
    def afshar(x):  # Afshar et al. 2017, LiFePO4
        return 3.4077 - 0.020269 * x + 0.5 * math.exp(-150 * x) - 0.9 * math.exp(-30 * (1 - x))

    def graphite(x):  # Chen et al. 2020, LG M50 graphite
        return (
            1.9793 * math.exp(-39.3631 * x)
            + 0.2482
            - 0.0909 * math.tanh(29.8538 * (x - 0.1234))
            - 0.04478 * math.tanh(14.9159 * (x - 0.2769))
            - 0.0205 * math.tanh(30.4444 * (x - 0.6103))
        )

    def nca(x):  # Kim et al. 2011
        powers = (11.8058, -66.3691, 264.427, -554.774, 621.3475, -344.566, 81.246, -23.488)
        tail = 15.056 * x**8 - 2.222 * x**9 + 1.638 * x**10
        return (
            sum(c * x**n for n, c in enumerate(powers))
            + tail
            - 0.61386 * math.exp(5.8201 * x**136.4)
        )

    for x in (0.1, 0.5, 0.9):
        assert open_circuit_potential_V(curve_for("LFP"), x) == pytest.approx(afshar(x), abs=2e-3)
        assert open_circuit_potential_V(curve_for("graphite"), x) == pytest.approx(
            graphite(x), abs=2e-3
        )
    for x in (0.4, 0.6, 0.8):
        assert open_circuit_potential_V(curve_for("NCA"), x) == pytest.approx(nca(x), abs=3e-3)


def test_the_papers_plateaus_are_in_the_tables():
    """Li et al. 2021 (Adv. Mater., DOI 10.1002/adma.202008723; section 3, text on Fig. 2c,d):
    Mo6S8 -> LiMo6S8 at 2.3 V, LiMo6S8 -> Li3/Li4Mo6S8 at 2.05 V; TiS2 a smooth slope (no
    plateau). Hao et al. 2021 (ACS Energy Lett., DOI 10.1021/acsenergylett.0c02227; text on
    Fig. 2a): PTO's plateau near 2.2 V. Li-In 0.62 V (Pan et al. 2023, Batteries & Supercaps,
    DOI 10.1002/batt.202300427; Experimental Section)."""
    mo6s8 = curve_for("Mo6S8")
    assert open_circuit_potential_V(mo6s8, np.linspace(0.05, 0.2, 4)) == pytest.approx(
        2.3, abs=0.02
    )
    assert open_circuit_potential_V(mo6s8, np.linspace(0.35, 0.9, 6)) == pytest.approx(
        2.05, abs=0.02
    )
    tis2 = curve_for("TiS2")
    x = np.linspace(0.1, 0.9, 81)
    slope = np.diff(open_circuit_potential_V(tis2, x)) / np.diff(x)
    assert np.all(slope < -0.5)  # no flat part: a solid solution, at least 0.5 V per Li
    pto = curve_for("PTO")
    assert open_circuit_potential_V(pto, np.linspace(0.1, 0.9, 9)) == pytest.approx(2.27, abs=0.1)
    for alloy in ("In", "LiIn"):
        assert open_circuit_potential_V(curve_for(alloy), np.array([0.1, 0.5, 0.9])) == (
            pytest.approx(0.62)
        )
    assert open_circuit_potential_V(curve_for("Li"), 0.5) == 0.0


def test_lithiation_at_potential_reads_the_curve_backwards():
    curve = curve_for("NMC811")
    y = np.linspace(0.2, 0.99, 9)
    assert_allclose(
        lithiation_at_potential(curve, open_circuit_potential_V(curve, y)), y, atol=1e-9
    )
    # Above the first potential the host is as empty as the table goes; below the last, full.
    assert lithiation_at_potential(curve, 6.0) == curve.first_lithiation
    assert lithiation_at_potential(curve, 1.0) == 1.0
    with pytest.raises(ValueError, match="flat curve"):
        lithiation_at_potential(curve_for("Li"), 0.0)


def test_a_bad_curve_file_names_every_problem():
    raw = {
        "format": "lamina-ocv",
        "version": 1,
        "material": "X",
        "source": {"ref": "nobody2099"},
        "lithiation": [0.0, 0.5, 0.4],
        "potential_V": [3.0, 3.5],
        "cutoff_low_V": {"value": 9.0, "ref": "crc"},
    }
    with pytest.raises(OcvError) as caught:
        parse_ocv(raw, "x.json", set(load_references()))
    message = str(caught.value)
    assert "x.json: source.ref: unknown reference 'nobody2099'" in message
    assert "x.json: cutoff_low_V.value: 9 is outside the allowed range [-1.0, 6.0]" in message
    assert "x.json: potential_V: must have one potential per lithiation" in message
    raw["potential_V"] = [3.0, 3.5, 2.0]
    raw["lithiation"] = [0.0, 0.4, 0.5]
    raw["cutoff_low_V"] = None
    raw["source"] = {"ref": "crc"}
    with pytest.raises(OcvError, match=r"x\.json: potential_V: must not rise with lithiation"):
        parse_ocv(raw, "x.json", set(load_references()))


def test_shipped_curves_are_one_per_material():
    curves = shipped_curves()
    assert len(curves) == len(list(resource_path("ocv").glob("*.json")))
