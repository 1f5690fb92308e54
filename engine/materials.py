"""The materials library: data in resources/materials/*.json, every value with its source.

A user library (JSON files of the same format in a folder of the user's) layers on top of the
shipped one: it may add materials, never replace or change a shipped one.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from engine.ocv import OCV_FORMAT, OcvError, OpenCircuitCurve, curve_for, curve_to_dict, parse_ocv
from engine.paths import resource_path
from engine.physics.compaction import (
    DATA_MAX_KEY,
    LAW_KEYS,
    REBOUND_KEY,
    CompactionLaw,
    compaction_law,
)
from engine.problems import Problem, ProblemsError
from engine.values import (
    SMALLEST_POSITIVE,
    Value,
    parse_text,
    parse_value,
    range_text,
    read_json_file,
    unknown_fields,
    version_problem,
    writable,
)

CATEGORIES = (
    "cathode_active",
    "anode_active",
    "solid_electrolyte",
    "liquid_electrolyte",
    "separator_membrane",
    "carbon",
    "binder",
    "metal",
    "packaging",
)
AS_MADE = ("lithiated", "delithiated", "neither")
ACTIVE_CATEGORIES = ("cathode_active", "anode_active")
REQUIRED_ACTIVE_KEYS = (
    "capacity_theoretical_mAh_g",
    "capacity_practical_mAh_g",
    "voltage_avg_V",
)
LIBRARY_FORMAT = "lamina-materials"
# The newest version of the format this Lamina reads: 2 adds a value's optional `spread` (as its
# source gives it); a version-1 file reads the same.
LIBRARY_VERSION = 2
MATERIAL_FIELDS = ("id", "name", "category", "as_made", "values", "ocv")
OWN_CURVE_FIELDS = ("source", "lithiation", "potential_V", "cutoff_low_V", "cutoff_high_V")
# The least step of lithiation between the points of a user's open-circuit table: the finest
# shipped table steps by 4e-5, and a potential falling over a step of 1e-313 has a slope beyond
# floats (the voltage curve was NaN).
LITHIATION_STEP = 1e-9
# Allowed ranges of values the engine computes with: (low, high, low inclusive, high inclusive).
VALUE_RANGES: dict[str, tuple[float, float, bool, bool]] = {
    "density_g_cm3": (0.01, 25.0, True, True),
    "density_lithiated_g_cm3": (0.01, 25.0, True, True),
    "density_delithiated_g_cm3": (0.01, 25.0, True, True),
    "capacity_theoretical_mAh_g": (0.0, 5000.0, True, True),
    "capacity_practical_mAh_g": (0.0, 5000.0, True, True),
    "voltage_avg_V": (0.0, 6.0, True, True),
    "molar_mass_g_mol": (1.0, 1e4, True, True),
    "molar_mass_lithiated_g_mol": (0.0, 1e4, True, True),  # 0: Li metal, all gone
    "molar_mass_delithiated_g_mol": (0.0, 1e4, True, True),
    "li_per_formula": (0.0, 100.0, True, True),
    "heckel_k_per_MPa": (0.0, 1.0, True, True),
    "heckel_a": (0.0, 20.0, False, True),
    "kawakita_a": (0.0, 1.0, False, False),
    "kawakita_b_per_MPa": (0.0, 100.0, False, True),
    REBOUND_KEY: (0.0, 1.0, True, False),
    DATA_MAX_KEY: (0.0, 1e4, False, True),
    "ionic_conductivity_S_cm": (0.0, 1e3, True, True),
    "electronic_conductivity_S_cm": (0.0, 1e7, True, True),
    "ionic_activation_energy_eV": (0.0, 3.0, True, True),
    "electronic_activation_energy_eV": (0.0, 3.0, True, True),
    "yield_strength_MPa": (0.0, 1e4, False, True),
    "poisson_ratio": (0.0, 0.5, True, False),
    "particle_radius_um": (0.0, 1e3, False, True),
    "diffusivity_cm2_s": (0.0, 1.0, False, True),
    "diffusion_activation_energy_eV": (0.0, 3.0, True, True),
    "exchange_current_mA_cm2": (0.0, 1e4, False, True),
    "exchange_activation_energy_eV": (0.0, 3.0, True, True),
    "stability_window_low_V": (0.0, 10.0, True, True),
    "stability_window_high_V": (0.0, 10.0, True, True),
    "reduction_products_conduct_electrons": (0.0, 1.0, True, True),
    "critical_current_density_mA_cm2": (0.0, 1e3, False, True),
    "lithium_coulombic_efficiency": (0.0, 1.0, False, True),
    "first_cycle_loss_mAh_g": (0.0, 5000.0, True, True),
}
# The least a value allowed "above 0" may be: one smaller (1e-300, or a subnormal 5e-324) is
# inside its range but divides to infinity (a powder that never compacts, a particle of no
# size, a fixture metal of no strength). SMALLEST_POSITIVE, as a design's numbers, but for the
# kinetics, whose real values span many decades below it.
SMALLEST_POSITIVE_OF = {"diffusivity_cm2_s": 1e-30, "exchange_current_mA_cm2": 1e-15}


@dataclass(frozen=True)
class Material:
    id: str
    name: str
    category: str
    as_made: str
    values: dict[str, Value]
    origin: str  # the file it came from
    # A user's active brings its own open-circuit curve; the shipped ones are in resources/ocv.
    ocv: OpenCircuitCurve | None = None

    def value(self, key: str) -> float:
        return self.values[key].value

    def get(self, key: str) -> float | None:
        entry = self.values.get(key)
        return None if entry is None else entry.value

    @property
    def is_active(self) -> bool:
        return self.category in ACTIVE_CATEGORIES

    def mass_ratio(self, state: str) -> float:
        """Mass of the fully lithiated/delithiated form per unit mass as made (1 if unknown)."""
        return self._mass_ratios[state]

    @cached_property
    def _mass_ratios(self) -> dict[str, float]:
        return {state: self._mass_ratio(state) for state in ("lithiated", "delithiated")}

    def _mass_ratio(self, state: str) -> float:
        made = self.get("molar_mass_g_mol")
        other = self.get(f"molar_mass_{state}_g_mol")
        if made is None or other is None:
            return 1.0
        return other / made

    @cached_property
    def conduction(self) -> tuple[float, float | None, float, float]:
        """(ionic conductivity S/cm, its activation energy eV or None if the library gives none,
        electronic conductivity S/cm, its activation energy eV, 0 if none is given: electronic
        conduction is taken as temperature-independent). Conductivities absent are 0."""
        return (
            self.get("ionic_conductivity_S_cm") or 0.0,
            self.get("ionic_activation_energy_eV"),
            self.get("electronic_conductivity_S_cm") or 0.0,
            self.get("electronic_activation_energy_eV") or 0.0,
        )

    @cached_property
    def compaction(self) -> CompactionLaw | None:
        """The powder's compaction law and rebound fraction, if the library gives them."""
        return compaction_law({key: v.value for key, v in self.values.items()})

    def density_in(self, state: str) -> float:
        """Solid density of the fully lithiated/delithiated form; the as-made one if unknown."""
        if self.as_made == state:
            return self.value("density_g_cm3")
        other = self.get(f"density_{state}_g_cm3")
        return self.value("density_g_cm3") if other is None else other


class LibraryError(ProblemsError):
    """A library file that cannot be used; every problem with its path in the file."""


@dataclass(frozen=True)
class Library:
    materials: dict[str, Material]
    user_ids: frozenset[str] = frozenset()  # from the user's materials folder
    carried_ids: frozenset[str] = frozenset()  # brought by design files (format version 4)
    # Derived data, memoised by evaluate (engine/evaluate/memo.py; the library never changes).
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, material_id: str) -> Material:
        try:
            return self.materials[material_id]
        except KeyError:
            raise KeyError(self.unknown_message(material_id)) from None

    def __contains__(self, material_id: object) -> bool:
        return material_id in self.materials

    def is_shipped(self, material_id: str) -> bool:
        """Whether the material ships with Lamina (not the user's, not carried by a file)."""
        return (
            material_id in self.materials
            and material_id not in self.user_ids
            and material_id not in self.carried_ids
        )

    @property
    def fingerprint(self) -> str:
        """12 hex digits of the SHA-256 of every material's values and open-circuit curve, in a
        canonical form: two libraries with the same fingerprint give the same numbers, so a
        report or a JSON output names the library that produced it."""
        found = self.memo.get("fingerprint")
        if found is None:
            entries = {}
            for material_id, material in self.materials.items():
                entry = material_to_dict(material)
                curve = self.open_circuit_curve(material_id)
                if curve is not None:
                    entry["ocv"] = curve_to_dict(curve)
                entries[material_id] = entry
            canonical = json.dumps(entries, sort_keys=True, separators=(",", ":"))
            found = self.memo["fingerprint"] = hashlib.sha256(canonical.encode()).hexdigest()[:12]
        return str(found)

    def open_circuit_curve(self, material_id: str) -> OpenCircuitCurve | None:
        """The material's open-circuit curve: its own (from a user's materials file) or the
        shipped one of resources/ocv; None if it has neither."""
        material = self.materials.get(material_id)
        if material is not None and material.ocv is not None:
            return material.ocv
        return curve_for(material_id)

    def carrying(self, materials: list[tuple[str, Material]]) -> Library:
        """This library plus materials design files carry, each with the path messages name it
        by. LibraryError for a shipped id, one given twice, or one this library holds with other
        values (the same values are no conflict: the material is there already)."""
        problems: list[Problem] = []
        added: dict[str, Material] = {}
        for path, material in materials:
            known = self.materials.get(material.id)
            if self.is_shipped(material.id) or material.id in added:
                problems.append(Problem(f"{path}.id", f"{material.id!r} is shipped or given twice"))
            elif known is None:
                added[material.id] = material
            elif material_to_dict(known) != material_to_dict(material):
                message = f"{material.id!r} has other values in {known.origin}: rename one of them"
                problems.append(Problem(f"{path}.id", message))
        if problems:
            raise LibraryError(problems)
        if not added:
            return self
        return Library(
            {**self.materials, **added}, self.user_ids, self.carried_ids | frozenset(added)
        )

    def unknown_message(self, material_id: str) -> str:
        close = (  # an id far longer than any is no typo of one: no search through its text
            difflib.get_close_matches(material_id, list(self.materials), n=3, cutoff=0.5)
            if len(material_id) <= 200
            else []
        )
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return f"unknown material {material_id!r} (not in this machine's library{hint})"

    def by_category(self, category: str) -> list[Material]:
        return [m for m in self.materials.values() if m.category == category]


def _check_values(values: dict[str, Value], path: str, problems: list[Problem]) -> None:
    """Ranges of the values the engine computes with; compaction parameters come complete: one
    law's two parameters and the rebound fraction (engine/physics/compaction.py)."""
    for key, bounds in VALUE_RANGES.items():
        if key in values:
            low, high, low_in, high_in = bounds
            v = values[key].value
            inside = (low <= v if low_in else low < v) and (v <= high if high_in else v < high)
            interval = range_text(bounds)
            least = SMALLEST_POSITIVE_OF.get(key, SMALLEST_POSITIVE)
            if not inside:
                message = f"{v:g} is outside the allowed range {interval}"
                problems.append(Problem(f"{path}.values.{key}", message))
            elif low == 0.0 and not low_in and v < least:
                message = f"{v:g} is too small: give at least {least:g} (allowed range {interval})"
                problems.append(Problem(f"{path}.values.{key}", message))
    _check_molar_masses(values, path, problems)
    laws = []
    for law, pair in LAW_KEYS.items():
        given = [key for key in pair if key in values]
        if len(given) == 1:
            missing = pair[1] if given[0] == pair[0] else pair[0]
            problems.append(
                Problem(f"{path}.values.{missing}", f"required with {given[0]} ({law} law)")
            )
        elif given:
            laws.append(law)
    if len(laws) > 1:
        problems.append(Problem(f"{path}.values", "give one compaction law (heckel or kawakita)"))
    if laws and REBOUND_KEY not in values:
        problems.append(Problem(f"{path}.values.{REBOUND_KEY}", "required with a compaction law"))
    if not laws:
        problems.extend(
            Problem(f"{path}.values.{key}", "given without a compaction law")
            for key in (REBOUND_KEY, DATA_MAX_KEY)
            if key in values
        )


def _check_molar_masses(values: dict[str, Value], path: str, problems: list[Problem]) -> None:
    """A formula gains mass as it takes Li: its delithiated form weighs at most, its lithiated
    form at least, what it weighs as made. Otherwise its degree of lithiation as made falls
    outside [0, 1] (an anode whose lithiated form weighed 2e-313 g/mol had a NaN volume)."""
    made = values.get("molar_mass_g_mol")
    if made is None:  # the end forms' masses are then not used
        return
    m = made.value
    for state, low, high, weighs in (
        ("lithiated", m, VALUE_RANGES["molar_mass_lithiated_g_mol"][1], "at least"),
        ("delithiated", VALUE_RANGES["molar_mass_delithiated_g_mol"][0], m, "at most"),
    ):
        key = f"molar_mass_{state}_g_mol"
        mass = values[key].value if key in values else None
        if mass is not None and not low <= mass <= high:
            message = (
                f"{mass:g} is outside the allowed range [{low:g}, {high:g}]: the {state} form "
                f"weighs {weighs} what the form as made does (molar_mass_g_mol {m:g})"
            )
            problems.append(Problem(f"{path}.values.{key}", message))


def _parse_material(raw: Any, path: str, origin: str, problems: list[Problem]) -> Material | None:
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object"))
        return None
    before = len(problems)
    unknown_fields(raw, MATERIAL_FIELDS, path, problems)
    material_id = parse_text(raw, "id", path, problems)
    if not material_id and len(problems) == before:  # absent or empty (not text: named above)
        problems.append(Problem(f"{path}.id", "must be a non-empty string"))
    category = raw.get("category")
    if category not in CATEGORIES:
        problems.append(Problem(f"{path}.category", f"{category!r} is not one of {CATEGORIES}"))
    as_made = raw.get("as_made", "neither")
    if as_made not in AS_MADE:
        problems.append(Problem(f"{path}.as_made", f"{as_made!r} is not one of {AS_MADE}"))
    values: dict[str, Value] = {}
    raw_values = raw.get("values")
    if not isinstance(raw_values, dict):
        problems.append(Problem(f"{path}.values", "must be an object of named values"))
        raw_values = {}
    for key, entry in raw_values.items():
        if not writable(key):  # a value of a name of the user's own is kept, and written back
            message = "a value's name must be text UTF-8 can hold (no unpaired surrogate)"
            problems.append(Problem(f"{path}.values.{key}", message))
            continue
        value = parse_value(entry, f"{path}.values.{key}", problems)
        if value is not None:
            values[key] = value
    if "density_g_cm3" not in raw_values:
        problems.append(Problem(f"{path}.values.density_g_cm3", "required (g/cm3)"))
    _check_values(values, path, problems)
    if category in ACTIVE_CATEGORIES:
        problems.extend(
            Problem(f"{path}.values.{key}", "required for active materials")
            for key in REQUIRED_ACTIVE_KEYS
            if key not in values
        )
    ocv = _own_curve(raw, material_id, category, path, problems)
    name = parse_text(raw, "name", path, problems, default=material_id) or material_id
    if len(problems) > before:
        return None
    return Material(
        id=str(material_id),
        name=name,
        category=str(category),
        as_made=str(as_made),
        values=values,
        origin=origin,
        ocv=ocv,
    )


def _own_curve(
    raw: dict, material_id: str, category: object, path: str, problems: list[Problem]
) -> OpenCircuitCurve | None:
    """An active's open-circuit curve given in its materials entry (docs/user-materials.md):
    the fields of a resources/ocv file less format and material; a cathode active's names its
    cycling window (the cut-offs designs fall back on)."""
    if "ocv" not in raw:
        return None
    where = f"{path}.ocv"
    entry = raw["ocv"]
    if category not in ACTIVE_CATEGORIES or not isinstance(entry, dict):
        problems.append(Problem(where, "an object, for active materials only"))
        return None
    unknown_fields(entry, OWN_CURVE_FIELDS, where, problems)
    if category == "cathode_active":
        problems.extend(
            Problem(f"{where}.{key}", "a cathode active needs its cut-offs")
            for key in ("cutoff_low_V", "cutoff_high_V")
            if key not in entry
        )
    try:
        curve = parse_ocv({**entry, "format": OCV_FORMAT, "material": material_id}, where)
    except OcvError as error:
        problems.extend(error.problems)
        return None
    steps = [b - a for a, b in itertools.pairwise(curve.lithiation.tolist())]
    least = min(steps)
    if least < LITHIATION_STEP:
        i = steps.index(least)
        message = (
            f"rises by only {least:g} from point {i} to {i + 1}: give steps of at least "
            f"{LITHIATION_STEP:g}"
        )
        problems.append(Problem(f"{where}: lithiation", message))
        return None
    return curve


def library_stamp(library: Library) -> str:
    """The library in words, for a report or the text output: its fingerprint and what it holds."""
    held = [f"{len(library.materials)} materials"]
    if library.user_ids:
        held.append(f"{len(library.user_ids)} of them from the user's materials folder")
    if library.carried_ids:
        held.append(f"{len(library.carried_ids)} carried by the design file")
    return f"materials library {library.fingerprint} ({', '.join(held)})"


def material_to_dict(material: Material) -> dict[str, Any]:
    """A material as an entry of a materials file (what parse_library_file reads back)."""
    out: dict[str, Any] = {
        "id": material.id,
        "name": material.name,
        "category": material.category,
        "as_made": material.as_made,
        "values": {key: value.to_dict() for key, value in material.values.items()},
    }
    if material.ocv is not None:
        out["ocv"] = curve_to_dict(material.ocv)
    return out


def with_carried(library: Library, entries: Any, origin: str) -> Library:
    """library plus the materials a design file carries (its `materials`, entries as in a
    materials file); LibraryError names each problem by its path (`materials[0].values...`)."""
    if not isinstance(entries, list):
        raise LibraryError([Problem("materials", "must be a list")])
    problems: list[Problem] = []
    materials = []
    for i, entry in enumerate(entries):
        material = _parse_material(entry, f"materials[{i}]", origin, problems)
        if material is not None:
            materials.append((f"materials[{i}]", material))
    try:  # every problem at once: the entries' and the clashes'
        carried = library.carrying(materials)
    except LibraryError as error:
        problems.extend(error.problems)
    if problems:
        raise LibraryError(problems)
    return carried


def parse_library_file(path: Path) -> list[Material]:
    """Read one materials file; raise LibraryError naming every problem with its path (an id
    given twice in the file at the second one)."""
    problems: list[Problem] = []
    try:
        raw = read_json_file(path)
    except (OSError, ValueError) as error:
        raise LibraryError([Problem(path.name, f"cannot be read as JSON: {error}")]) from None
    if not isinstance(raw, dict) or raw.get("format") != LIBRARY_FORMAT:
        raise LibraryError([Problem(path.name, f"is not a {LIBRARY_FORMAT} file")])
    refused = version_problem(raw.get("version"), LIBRARY_VERSION, f"{path.name}: version")
    if refused is not None:
        raise LibraryError([refused])
    unknown_fields(raw, ("format", "version", "materials"), path.name, problems, sep=": ")
    entries = raw.get("materials")
    if not isinstance(entries, list):
        raise LibraryError([Problem(f"{path.name}: materials", "must be a list")])
    materials = []
    first: dict[str, int] = {}  # each id's entry
    for i, entry in enumerate(entries):
        where = f"{path.name}: materials[{i}]"
        material = _parse_material(entry, where, path.name, problems)
        if material is None:
            continue
        if material.id in first:
            earlier = first[material.id]
            message = f"{material.id!r} is given twice in this file (materials[{earlier}])"
            problems.append(Problem(f"{where}.id", message))
        first.setdefault(material.id, i)
        materials.append(material)
    if problems:
        raise LibraryError(problems)
    return materials


def _material_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if p.name != "references.json")


@cache
def shipped_library() -> Library:
    """The library that ships with Lamina (read once per process)."""
    return _build(_material_files(resource_path("materials")), user_files=[])


def load_library(user_folder: Path | None = None) -> Library:
    """The shipped library, plus the user's materials from user_folder if given."""
    if user_folder is None or not user_folder.is_dir():
        return shipped_library()
    return _build(_material_files(resource_path("materials")), _material_files(user_folder))


def _build(shipped_files: list[Path], user_files: list[Path]) -> Library:
    materials: dict[str, Material] = {}
    problems: list[Problem] = []
    for path in shipped_files:
        for i, material in enumerate(parse_library_file(path)):
            if material.id in materials:
                problems.append(
                    Problem(
                        f"{path.name}: materials[{i}].id",
                        f"material id {material.id!r} appears twice",
                    )
                )
            materials[material.id] = material
    user_ids: set[str] = set()
    for path in user_files:
        for i, material in enumerate(parse_library_file(path)):  # every entry was read
            known = materials.get(material.id)
            if known is not None:
                problems.append(
                    Problem(
                        f"{path.name}: materials[{i}].id",
                        f"material {material.id!r} is already in the library ({known.origin}); "
                        "a user material needs an id of its own (shipped materials are never "
                        "replaced)",
                    )
                )
                continue
            materials[material.id] = material
            user_ids.add(material.id)
    if problems:
        raise LibraryError(problems)
    return Library(materials, frozenset(user_ids))
