"""An active material of a BPX file as an entry of the user's materials file
(docs/user-materials.md): its open-circuit potential, particle radius, diffusivity, exchange
current and capacity.

The conversions are engine/io/bpx.py's, backwards: stoichiometry is the degree of lithiation;
the capacity is the maximum concentration times F / 3.6 over the density (BPX gives no particle
density, so the user does); the exchange current is F k / 2; activation energies J/mol over F
are eV. A value given as a function of stoichiometry (a diffusivity) is taken at the middle of the
stoichiometry window, and said so in its note. A function string (BPX's "4.2 - 0.5 * x" or
"exp(-x)") is never run: it is read by a small evaluator that knows numbers, x, + - * / **, and
exp, log, sqrt, tanh, cosh, sinh, and refuses anything else. Everything of the file that is not
used is named in BpxMaterial.unused.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.physics.constants import FARADAY_C_MOL
from engine.problems import Problem, ProblemsError
from engine.values import finite_number

C_PER_MAH = 3.6
OCP_POINTS = 101  # where a function OCP is tabulated, over its stoichiometry window
ELECTRODES = {"positive": "Positive electrode", "negative": "Negative electrode"}
FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "exp": np.exp,
    "log": np.log,
    "sqrt": np.sqrt,
    "tanh": np.tanh,
    "cosh": np.cosh,
    "sinh": np.sinh,
}
OPERATORS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}
USED = (
    "Minimum stoichiometry",
    "Maximum stoichiometry",
    "Maximum concentration [mol.m-3]",
    "Particle radius [m]",
    "Diffusivity [m2.s-1]",
    "Diffusivity activation energy [J.mol-1]",
    "OCP [V]",
    "Reaction rate constant [mol.m-2.s-1]",
    "Reaction rate constant activation energy [J.mol-1]",
)


@dataclass(frozen=True)
class BpxMaterial:
    entry: dict[str, Any]  # a materials file's entry
    unused: list[str] = field(default_factory=list)  # paths in the BPX file not used


def function_of_x(text: str, where: str) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """A BPX function string as a function of x, read by a whitelist evaluator, never run;
    ProblemsError naming what it holds that is not allowed."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError):
        raise ProblemsError([Problem(where, f"{text[:80]!r} is no expression of x")]) from None

    def value(node: ast.AST, x: NDArray[np.float64]) -> Any:
        if isinstance(node, ast.Expression):
            return value(node.body, x)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return float(node.value)  # type: ignore[arg-type]  # an int or a float, checked
        if isinstance(node, ast.Name) and node.id == "x":
            return x
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](value(node.left, x), value(node.right, x))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            inner = value(node.operand, x)
            return -inner if isinstance(node.op, ast.USub) else inner
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FUNCTIONS
            and len(node.args) == 1
            and not node.keywords
        ):
            return FUNCTIONS[node.func.id](value(node.args[0], x))
        allowed = "numbers, x, + - * / ** and " + ", ".join(FUNCTIONS)
        shown = ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__
        raise ProblemsError([Problem(where, f"{shown!r} is not allowed: only {allowed}")])

    def evaluated(x: NDArray[np.float64]) -> NDArray[np.float64]:
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(value(tree, x), dtype=float), np.shape(x))

    try:
        evaluated(np.linspace(0.0, 1.0, 3))  # refuses a disallowed expression now, not in use
    except RecursionError:
        raise ProblemsError([Problem(where, "nested too deeply to read")]) from None
    return evaluated


def _number(block: dict[str, Any], key: str, where: str) -> float:
    value = block.get(key)
    number = finite_number(value)
    if number is None:
        raise ProblemsError([Problem(f"{where}.{key}", f"must be a number, got {value!r}")])
    return number


def _at(block: dict[str, Any], key: str, where: str, x: float) -> tuple[float, str]:
    """A float, a table or a function of stoichiometry, at x; and a note when it varied."""
    raw = block.get(key)
    if isinstance(raw, dict):
        value = float(np.interp(x, raw["x"], raw["y"]))
    elif isinstance(raw, str):
        value = float(function_of_x(raw, f"{where}.{key}")(np.array([x]))[0])
    else:
        return _number(block, key, where), ""
    return value, f"a function of stoichiometry in the BPX file, taken at {x:.3g}"


def _ocp(block: dict[str, Any], where: str, low: float, high: float) -> tuple[list, list]:
    raw = block.get("OCP [V]")
    if isinstance(raw, dict):
        x, y = np.asarray(raw["x"], dtype=float), np.asarray(raw["y"], dtype=float)
        order = np.argsort(x)
        return x[order].tolist(), y[order].tolist()
    if isinstance(raw, str):
        x = np.linspace(low, high, OCP_POINTS)
        return x.tolist(), function_of_x(raw, f"{where}.OCP [V]")(x).tolist()
    raise ProblemsError([Problem(f"{where}.OCP [V]", "must be a table or a function of x")])


def bpx_material(
    data: dict[str, Any],
    electrode: str,
    material_id: str,
    density_g_cm3: float,
    particle: str | None = None,
) -> BpxMaterial:
    """The active of one electrode ("positive" or "negative") of a parsed BPX file as a
    materials entry of id material_id; a blended electrode needs the particle's name.
    ProblemsError names, by its path in the file, what is missing or cannot be read."""
    section = ELECTRODES[electrode]
    parameters = data.get("Parameterisation", {})
    block = parameters.get(section)
    if not isinstance(block, dict):
        raise ProblemsError([Problem(f"Parameterisation.{section}", "is not in the file")])
    where = f"Parameterisation.{section}"
    if "Particle" in block:
        names = list(block["Particle"])
        if particle not in names:
            message = f"a blended electrode: choose a particle, one of {', '.join(names)}"
            raise ProblemsError([Problem(f"{where}.Particle", message)])
        where, block = f"{where}.Particle.{particle}", block["Particle"][particle]
    low = _number(block, "Minimum stoichiometry", where)
    high = _number(block, "Maximum stoichiometry", where)
    middle = (low + high) / 2
    c_max = _number(block, "Maximum concentration [mol.m-3]", where)
    capacity = c_max * FARADAY_C_MOL / C_PER_MAH / (density_g_cm3 * 1e6)  # mAh/g
    lithiation, potential = _ocp(block, where, low, high)
    window = np.linspace(low, high, 201)
    ocp_window = np.interp(window, lithiation, potential)
    diffusivity, diffusivity_note = _at(block, "Diffusivity [m2.s-1]", where, middle)
    rate = _number(block, "Reaction rate constant [mol.m-2.s-1]", where)
    source = str(data.get("Header", {}).get("Title") or "BPX file")

    def value(number: float, key: str, note: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {"value": number, "ref": "bpx", "where": f"{source}: {where}.{key}"}
        if note:
            out["note"] = note
        return out

    values = {
        "density_g_cm3": {"value": density_g_cm3, "ref": "user", "where": "given on import"},
        "capacity_theoretical_mAh_g": value(
            capacity, "Maximum concentration [mol.m-3]", "c_max F / 3.6 / density"
        ),
        "capacity_practical_mAh_g": value(
            capacity * (high - low), "Minimum stoichiometry", "between the stoichiometry limits"
        ),
        "voltage_avg_V": value(
            float(np.trapezoid(ocp_window, window) / (high - low)),
            "OCP [V]",
            "the mean OCP between the stoichiometry limits",
        ),
        "particle_radius_um": value(
            _number(block, "Particle radius [m]", where) * 1e6, "Particle radius [m]"
        ),
        "diffusivity_cm2_s": value(diffusivity * 1e4, "Diffusivity [m2.s-1]", diffusivity_note),
        "exchange_current_mA_cm2": value(
            FARADAY_C_MOL * rate / 2 * 0.1, "Reaction rate constant [mol.m-2.s-1]", "F k / 2"
        ),
    }
    for key, name in (
        ("diffusion_activation_energy_eV", "Diffusivity activation energy [J.mol-1]"),
        ("exchange_activation_energy_eV", "Reaction rate constant activation energy [J.mol-1]"),
    ):
        if name in block:
            values[key] = value(_number(block, name, where) / FARADAY_C_MOL, name)
    cathode = electrode == "positive"
    curve: dict[str, Any] = {
        "source": {"ref": "bpx", "where": f"{source}: {where}.OCP [V]"},
        "lithiation": lithiation,
        "potential_V": potential,
    }
    if cathode:
        curve["cutoff_low_V"] = value(float(ocp_window[-1]), "Maximum stoichiometry")
        curve["cutoff_high_V"] = value(float(ocp_window[0]), "Minimum stoichiometry")
    entry = {
        "id": material_id,
        "name": f"{material_id} (from the BPX file {source})",
        "category": "cathode_active" if cathode else "anode_active",
        "as_made": "lithiated" if cathode else "delithiated",
        "values": values,
        "ocv": curve,
    }
    return BpxMaterial(entry, _unused(data, block, where))


def _unused(data: dict[str, Any], block: dict[str, Any], where: str) -> list[str]:
    """Every top-level part and every field of the electrode that the entry does not use."""
    unused = [f"{where}.{key}" for key in block if key not in USED]
    for name, part in data.get("Parameterisation", {}).items():
        if not where.startswith(f"Parameterisation.{name}"):
            unused.append(f"Parameterisation.{name}")
        elif isinstance(part, dict) and part is not block:
            unused += [f"Parameterisation.{name}.{k}" for k in part if k != "Particle"]
    unused += [key for key in data if key not in ("Header", "Parameterisation")]
    return unused
