"""How well the fitted kinetics predict what they were not fitted to: each paper's rate points,
one held out at a time, the parameters refitted to the rest and the held-out point predicted.
Printed beside the error of the library's own fit (fitted to every point), so a reader sees how
much of the agreement in tests/test_voltage.py is the fit and how much is the model.

- Hao et al. 2021 (ACS Energy Lett., DOI 10.1021/acsenergylett.0c02227, text on Fig. 2a,b):
  hand-milled PTO:Li3PS4:C at 60 C, 318, 180 and 110 mAh/g at C/10, C/2 and 1C; one parameter,
  PTO's diffusivity.
- Pan et al. 2023 (Batteries & Supercaps, DOI 10.1002/batt.202300427, Fig. 3b): 530, 517, 473
  and 371 mAh/g at 25, 50, 100 and 200 mA/g of composite, 25 C; two parameters, the composite's
  diffusivity and exchange current.

The refit minimises the sum of squared log errors over a logarithmic grid of each parameter,
a factor 10 either side of the library's value: 41 steps for one parameter (within 6 % of the
optimum), 21 a side for two (within 12 %).
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from engine.design import Design, replace_field
from engine.materials import Library, shipped_library
from engine.studies.curves import discharge_curve
from tests.presets import preset

# Multiples of the library's value tried, by the number of parameters fitted.
GRIDS = {1: np.logspace(-1.0, 1.0, 41), 2: np.logspace(-1.0, 1.0, 21)}
HELD_OUT_TOLERANCE = 0.25  # relative, on capacity: a prediction, not a fit


def _with_values(library: Library, material_id: str, values: dict[str, float]) -> Library:
    """The library with some of one material's values replaced (a fit's trial)."""
    material = library[material_id]
    changed = {
        **material.values,
        **{k: dataclasses.replace(material.values[k], value=v) for k, v in values.items()},
    }
    materials = {**library.materials, material_id: dataclasses.replace(material, values=changed)}
    return dataclasses.replace(library, materials=materials, memo={})


def _capacities(
    design: Design, material_id: str, values: dict[str, float], rates: np.ndarray
) -> np.ndarray:
    library = _with_values(shipped_library(), material_id, values)
    curve = discharge_curve(design, library, c_rate=rates)
    return np.asarray(curve.specific_capacity_mAh_g, dtype=float)


def _refit(
    design: Design,
    material_id: str,
    keys: tuple[str, ...],
    rates: np.ndarray,
    paper: np.ndarray,
    used: list[int],
) -> dict[str, float]:
    """The values of keys (on the grid around the library's) that best fit the used points."""
    library = shipped_library()[material_id]
    best, best_cost = {}, np.inf
    for factors in itertools.product(GRIDS[len(keys)], repeat=len(keys)):
        trial = {k: library.value(k) * f for k, f in zip(keys, factors, strict=True)}
        model = _capacities(design, material_id, trial, rates[used])
        cost = float(np.sum(np.log(model / paper[used]) ** 2))
        if cost < best_cost:
            best, best_cost = trial, cost
    return best


def _held_out(
    name: str,
    design: Design,
    material_id: str,
    keys: tuple[str, ...],
    rates: np.ndarray,
    labels: tuple[str, ...],
    paper: np.ndarray,
) -> list[float]:
    """Each point predicted from a refit to the others; prints both errors, returns the
    prediction errors."""
    library = shipped_library()[material_id]
    fitted = _capacities(design, material_id, {k: library.value(k) for k in keys}, rates)
    errors = []
    for i, label in enumerate(labels):
        others = [j for j in range(len(rates)) if j != i]
        values = _refit(design, material_id, keys, rates, paper, others)
        predicted = _capacities(design, material_id, values, rates[[i]])[0]
        error = predicted / paper[i] - 1.0
        errors.append(error)
        print(
            f"{name} at {label}: held out, predicted {predicted:.4g} mAh/g "
            f"(error {error:+.1%}); the library's fit to every point {fitted[i]:.4g} "
            f"(error {fitted[i] / paper[i] - 1.0:+.1%}); paper {paper[i]:g}"
        )
    return errors


def test_hao2021_rate_points_predicted_from_the_other_two():
    design = replace_field(preset("hao2021_pto"), "cathode.components[0].particle_radius_um", None)
    errors = _held_out(
        "hao2021 hand-milled PTO",
        design,
        "PTO",
        ("diffusivity_cm2_s",),
        np.array([0.1, 0.5, 1.0]),
        ("C/10", "C/2", "1C"),
        np.array([318.0, 180.0, 110.0]),
    )
    assert max(abs(e) for e in errors) < HELD_OUT_TOLERANCE


@pytest.mark.slow
def test_pan2023_rate_points_predicted_from_the_other_three():
    errors = _held_out(
        "pan2023",
        preset("pan2023_li2s_lii_mos2"),
        "Li2S-LiI-MoS2",
        ("diffusivity_cm2_s", "exchange_current_mA_cm2"),
        np.array([25.0, 50.0, 100.0, 200.0]) / 673.45,
        ("25 mA/g", "50 mA/g", "100 mA/g", "200 mA/g"),
        np.array([530.0, 517.0, 473.0, 371.0]),
    )
    assert max(abs(e) for e in errors) < HELD_OUT_TOLERANCE
