"""The energy-density ladder: the same energy over ever more of the cell's mass and volume.

Rungs (DESIGN.md 'The energy-density ladder'):
  1 active material, delithiated and lithiated mass (Hao et al. 2021's 828 Wh/kg, ACS Energy
    Lett., DOI 10.1021/acsenerylett.0c02227, is on Li4PTO);
  2 cathode composite as made (Pan et al. 2023's 1020 Wh/kg, Batteries & Supercaps, DOI
    10.1002/batt.202300427) and fully lithiated (Li et al. 2021's 777 and
    1945: cathode + the Li that lithiates it, the discharged electrode's volume);
  3 electrode pair, cathode + anode as built;
  4 stack: electrodes + separator + collectors (Yang et al. 2022, J. Energy Chem., Fig. 1A);
  5 cell: + pouch foil, tabs, seals and headspace;
  6 cell + fixture, when the design has one (weighed, or sized from the stack pressure by
    engine/physics/fixture.py).
Rungs 1 and 2 use the cathode's potential vs Li+/Li, the convention for material and cathode
levels; rungs 3 to 6 use the cell voltage against the design's own anode.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from engine.design import NO_OVERHANG, Design, Num, PouchFormat
from engine.evaluate.arrays import given, positive_part, words
from engine.evaluate.cell import Geometry
from engine.evaluate.parts import Part
from engine.materials import Library, Material
from engine.physics.fixture import (
    DEFAULT_SAFETY_FACTOR,
    clamping_force_N,
    end_plate_thickness_mm,
    fixture_volume_cm3,
    tie_bolt_area_mm2,
)
from engine.physics.packaging import pouch_foil_mass_g, pouch_volume_cm3
from engine.results import CellTotals, FixtureResult, Rung


class LadderInputs(NamedTuple):
    """Per cm2 of one unit cell (masses mg/cm2, thicknesses um) plus the cell geometry (an
    immutable tuple: built on every evaluation, and cheaper than a frozen dataclass)."""

    design: Design
    library: Library
    cathode_parts: Sequence[Part]
    cathode_masses: Sequence[Num]
    cathode_porosity: Num
    cathode_mass: Num
    cathode_thickness: Num
    cathode_thickness_charged: Num
    cathode_thickness_discharged: Num
    anode_mass: Num
    anode_thickness_charged: Num
    anode_thickness_discharged: Num
    separator_mass: Num
    separator_thickness: Num
    collector_masses: tuple[Num, Num]
    collector_thicknesses: tuple[Num, Num]
    geometry: Geometry
    q_cell: Num
    cathode_voltage: Num
    anode_voltage: Num
    # The discharge the energy is read from when the design's energy_basis is "curve" (e.g. "the
    # 0.1C discharge curve at 25 C to 2.5 V"); empty: capacity x mean voltage.
    energy_source: str = ""


def _vs_li(x: LadderInputs, v_c: str) -> str:
    """How rungs 1 and 2 get their energy, in words."""
    if not x.energy_source:
        return f"{x.design.capacity_basis} capacity at {v_c} vs Li+/Li"
    return (
        f"energy of {x.energy_source} ({words(x.q_cell, 'mAh/cm2')} at a mean {v_c} vs "
        "Li+/Li), not capacity x mean voltage"
    )


def _cell_voltage(x: LadderInputs, v_cell: str) -> str:
    """How rungs 3 to 6 get their energy, in words."""
    if not x.energy_source:
        return f"cell voltage {v_cell}"
    return (
        f"energy of {x.energy_source} ({words(x.q_cell, 'mAh/cm2')} at a mean cell voltage "
        f"{v_cell}), not capacity x mean voltage"
    )


def _rung(
    key: str,
    level: int,
    label: str,
    energy_Wh: Num,
    voltage: Num,
    mass_g: Num,
    volume: Num,
    volume_discharged: Num,
    basis: str,
    energy: _Energy,
) -> Rung:
    """A rung; energy gives its figures at the cell voltage (the same for every rung)."""
    # Positional, in Rung's field order: keyword calls cost a third of a rung's making.
    return Rung(
        key,
        level,
        label,
        energy_Wh,
        voltage,
        mass_g,
        volume,
        volume_discharged,
        basis,
        energy.e_cell,
        energy.cell_voltage,
    )


def _volume_state(x: LadderInputs) -> str:
    """The electrode state the volumes of levels 3 and up are taken at, in words."""
    if x.design.electrode_volume_change:
        return "at top of charge"
    return "as built (electrode volume change ignored)"


# Level 1's two states: key, label, lithiation degree and the word for the mass in its basis.
_ACTIVE_STATES = (
    ("active_delithiated", "Active material (delithiated)", 0.0, "delithiated"),
    ("active_lithiated", "Active material (lithiated)", 1.0, "fully lithiated"),
)


def _cathode_rungs(
    x: LadderInputs, e_vs_li: Num, energy: _Energy, mg_to_g: Num, um_to_cm3: Num
) -> list[Rung]:
    """Levels 1 and 2: the active materials and the cathode composite, energy vs Li+/Li (and,
    beside it, at the cell voltage, the convention of papers that quote them so)."""
    v_c = words(x.cathode_voltage, "V")
    vs_li = _vs_li(x, v_c)
    actives = [(p, m) for p, m in zip(x.cathode_parts, x.cathode_masses, strict=True) if p.active]
    names = ", ".join([p.material.id for p, _ in actives])
    coating = x.design.cathode.coating_material
    if coating is not None:  # each active is its coated powder (engine/evaluate/coating.py)
        names += f", coated with {coating}"

    rungs = []
    for key, label, y, word in _ACTIVE_STATES:
        mass = sum([p.mass_at(m, y) for p, m in actives])
        volume = sum([p.volume_um_at(m, y) for p, m in actives])
        rungs.append(
            _rung(
                key,
                1,
                label,
                e_vs_li,
                x.cathode_voltage,
                mass * mg_to_g,
                volume * um_to_cm3,
                volume * um_to_cm3,
                f"Active material only ({names}), {word} mass; pore-free solid volume; {vs_li}.",
                energy,
            )
        )
    porosity = words(100 * x.cathode_porosity, "%")
    liquid = x.design.liquid_electrolyte
    pores = (
        f"{porosity} porosity" if liquid is None else f"{porosity} porosity filled with {liquid}"
    )
    rungs.append(
        _rung(
            "cathode",
            2,
            "Cathode composite",
            e_vs_li,
            x.cathode_voltage,
            x.cathode_mass * mg_to_g,
            x.cathode_thickness * um_to_cm3,
            x.cathode_thickness_discharged * um_to_cm3,
            f"Composite cathode as made (actives, electrolyte, carbon, binder), its volume with "
            f"{pores}; {vs_li}.",
            energy,
        )
    )
    # What the layer weighs beyond its components as made (a liquid electrolyte in its pores)
    # stays with it lithiated.
    carried = x.cathode_mass - sum(x.cathode_masses)
    lithiated_mass = carried + sum(
        [p.mass_at(m, 1.0) for p, m in zip(x.cathode_parts, x.cathode_masses, strict=True)]
    )
    if x.design.electrode_volume_change:
        lithiated_volume = sum(
            [p.volume_um_at(m, 1.0) for p, m in zip(x.cathode_parts, x.cathode_masses, strict=True)]
        ) / (1.0 - x.cathode_porosity)
        volume_words = f"the discharged electrode's volume, porosity kept at {porosity}"
    else:
        lithiated_volume = x.cathode_thickness
        volume_words = "the electrode's volume as made (volume change ignored)"
    rungs.append(
        _rung(
            "cathode_lithiated",
            2,
            "Cathode composite, fully lithiated",
            e_vs_li,
            x.cathode_voltage,
            lithiated_mass * mg_to_g,
            lithiated_volume * um_to_cm3,
            lithiated_volume * um_to_cm3,
            "Composite cathode with all actives fully lithiated (cathode + the Li that lithiates "
            f"it, no excess); {volume_words}; {vs_li}.",
            energy,
        )
    )
    return rungs


class _Energy(NamedTuple):
    """The energy every rung from the electrode pair up carries, and how it is got, in words."""

    e_cell: Num  # Wh
    cell_voltage: Num  # V
    words: str


class _Stack(NamedTuple):
    """The stack's mass and its thickness at top of charge and at end of discharge."""

    mass_g: Num
    thickness_um: Num
    thickness_discharged_um: Num


def build_ladder(x: LadderInputs) -> tuple[tuple[Rung, ...], CellTotals]:
    """The rungs of the ladder and the cell totals (energy, mass, volume, stack thickness)."""
    g = x.geometry
    per_cell = g.area * g.n  # cm2 where cathode faces anode in the cell: what carries capacity
    e_vs_li = x.q_cell * (x.cathode_voltage * per_cell / 1000.0)  # Wh
    cell_voltage = x.cathode_voltage - x.anode_voltage
    energy = _Energy(  # a cell without a positive voltage delivers nothing (no_cell_voltage)
        x.q_cell * (positive_part(cell_voltage) * per_cell / 1000.0),
        cell_voltage,
        _cell_voltage(x, words(cell_voltage, "V")),
    )
    cathode_cm2 = g.cathode_area * g.n
    rungs = _cathode_rungs(x, e_vs_li, energy, cathode_cm2 / 1000.0, cathode_cm2 * 1e-4)
    rungs.append(_pair_rung(x, energy))
    stack = _stack(x)
    rungs.append(_stack_rung(x, energy, stack))
    cell = _cell_rung(x, energy, stack)
    rungs.append(cell)
    fixture = _fixture(x, g.footprint, stack.thickness_um)
    if fixture is not None:
        rungs.append(
            _rung(
                "cell_fixture",
                6,
                "Cell + fixture",
                energy.e_cell,
                cell_voltage,
                cell.mass_g + fixture.mass_per_cell_g,
                cell.volume_cm3 + fixture.volume_per_cell_cm3,
                cell.volume_discharged_cm3 + fixture.volume_per_cell_cm3,
                f"{_fixture_basis(x, fixture, g.footprint)}; {energy.words}.",
                energy,
            )
        )
    totals = CellTotals(energy.e_cell, cell.mass_g, cell.volume_cm3, stack.thickness_um, fixture)
    return tuple(rungs), totals


def _larger(a: Num, b: Num) -> Num:
    return a + positive_part(b - a)


def _pair_rung(x: LadderInputs, energy: _Energy) -> Rung:
    """Level 3: cathode and anode as built, at the cell voltage; each on its own area, their
    volume over the larger one."""
    g = x.geometry
    um_to_cm3 = _larger(g.cathode_area, g.anode_area) * g.n * 1e-4
    return _rung(
        "electrode_pair",
        3,
        "Electrode pair",
        energy.e_cell,
        energy.cell_voltage,
        (x.cathode_mass * g.cathode_area + x.anode_mass * g.anode_area) * g.n / 1000.0,
        (x.cathode_thickness_charged + x.anode_thickness_charged) * um_to_cm3,
        (x.cathode_thickness_discharged + x.anode_thickness_discharged) * um_to_cm3,
        f"Cathode + anode as built (anode {x.design.anode.kind.replace('_', ' ')}); their "
        f"volume {_volume_state(x)}{_overhang_words(x)}; {energy.words}.",
        energy,
    )


def _overhang_words(x: LadderInputs) -> str:
    """What the overhang adds, in words (nothing without one)."""
    overhang = x.design.overhang
    if overhang is NO_OVERHANG or not overhang.any():
        return ""
    return (
        f"; anode {words(overhang.anode_mm, 'mm')} and separator "
        f"{words(overhang.separator_mm, 'mm')} past the cathode's edge, energy from the "
        f"{words(x.geometry.area, 'cm2')} where the electrodes face each other"
    )


def _stack(x: LadderInputs) -> _Stack:
    """n unit cells and their current collectors, each layer on its own area: mass (g) and
    thickness (um) both ways."""
    g = x.geometry
    n = g.n
    m_ccc, m_acc = x.collector_masses
    t_ccc, t_acc = x.collector_thicknesses
    mass = (
        (n * x.cathode_mass + g.n_cathode_cc * m_ccc) * g.cathode_area
        + n * x.separator_mass * g.separator_area
        + (n * x.anode_mass + g.n_anode_cc * m_acc) * g.anode_area
    ) / 1000.0
    collectors = g.n_cathode_cc * t_ccc + g.n_anode_cc * t_acc
    charged = (
        n * (x.cathode_thickness_charged + x.separator_thickness + x.anode_thickness_charged)
        + collectors
    )
    discharged = (
        n * (x.cathode_thickness_discharged + x.separator_thickness + x.anode_thickness_discharged)
        + collectors
    )
    return _Stack(mass, charged, discharged)


def _stack_rung(x: LadderInputs, energy: _Energy, stack: _Stack) -> Rung:
    """Level 4: electrodes, separators and collectors, no packaging; the volume of the stack's
    outline (its largest layer's area)."""
    area = x.geometry.footprint
    sides = (
        "double-sided" if getattr(x.design.cell_format, "double_sided", False) else "single-sided"
    )
    return _rung(
        "stack",
        4,
        "Stack",
        energy.e_cell,
        energy.cell_voltage,
        stack.mass_g,
        stack.thickness_um * area * 1e-4,
        stack.thickness_discharged_um * area * 1e-4,
        f"{int(x.geometry.n)} unit cell(s), {sides}: electrodes, separator layers and current "
        f"collectors, no packaging; volume {_volume_state(x)}{_overhang_words(x)}; "
        f"{energy.words}.",
        energy,
    )


def _cell_rung(x: LadderInputs, energy: _Energy, stack: _Stack) -> Rung:
    """Level 5: the packaged cell (a pouch's foil, tabs and outline; a pellet is its stack)."""
    g = x.geometry
    if isinstance(x.design.cell_format, PouchFormat):
        outline = g.outline_area
        mass = stack.mass_g + pouch_foil_mass_g(outline, g.foil_um, g.foil_density) + g.tabs_g
        volume = pouch_volume_cm3(outline, stack.thickness_um, g.foil_um)
        volume_dis = pouch_volume_cm3(outline, stack.thickness_discharged_um, g.foil_um)
        basis = (
            "Packaged pouch cell: stack + pouch foil + tabs; outline volume including seals and "
            f"headspace {_volume_state(x)}; {energy.words}."
        )
    else:
        mass = stack.mass_g
        volume = stack.thickness_um * g.footprint * 1e-4
        volume_dis = stack.thickness_discharged_um * g.footprint * 1e-4
        basis = (
            "Pellet cell: no packaging is counted, so the cell equals the stack (the die that "
            f"holds it is a fixture); volume {_volume_state(x)}; {energy.words}."
        )
    return _rung(
        "cell",
        5,
        "Cell",
        energy.e_cell,
        energy.cell_voltage,
        mass,
        volume,
        volume_dis,
        basis,
        energy,
    )


def _fixture(x: LadderInputs, area: Num, stack_thickness_um: Num) -> FixtureResult | None:
    """The design's fixture: as weighed, or sized from the stack pressure
    (engine/physics/fixture.py)."""
    fixture = x.design.fixture
    if fixture is None:
        return None
    if fixture.material is None:
        return FixtureResult(
            sized=False,
            mass_g=given(fixture.mass_g),
            volume_cm3=given(fixture.volume_cm3),
            cells=fixture.cells,
        )
    return sized_fixture(
        x.design.operating.stack_pressure_MPa,
        area,
        stack_thickness_um,
        x.library[fixture.material],
        fixture.safety_factor,
        fixture.cells,
    )


def sized_fixture(
    pressure_MPa: Num,
    area_cm2: Num,
    stack_thickness_um: Num,
    material: Material,
    safety_factor: Num | None,
    cells: int = 1,
) -> FixtureResult:
    """A fixture sized by engine/physics/fixture.py's rule for cells stacks of the given area
    and thickness, one on another, of a library material (its yield strength, Poisson's ratio and
    density): the same plates whatever the count, tie bolts as long as all of them."""
    factor = DEFAULT_SAFETY_FACTOR if safety_factor is None else safety_factor
    strength = material.value("yield_strength_MPa")
    force = clamping_force_N(pressure_MPa, area_cm2)
    plate = end_plate_thickness_mm(
        pressure_MPa, area_cm2, strength, material.value("poisson_ratio"), factor
    )
    bolts = tie_bolt_area_mm2(force, strength, factor)
    length = cells * stack_thickness_um / 1000.0 + 2.0 * plate
    volume = fixture_volume_cm3(area_cm2, plate, bolts, length)
    return FixtureResult(
        sized=True,
        material=material.id,
        safety_factor=factor,
        force_N=force,
        plate_thickness_mm=plate,
        bolt_area_mm2=bolts,
        bolt_length_mm=length,
        mass_g=volume * material.value("density_g_cm3"),
        volume_cm3=volume,
        cells=cells,
    )


def _fixture_basis(x: LadderInputs, fixture: FixtureResult, area: Num) -> str:
    cells = fixture.cells
    held = f"its share of a fixture holding {cells} such cells stacked" if cells > 1 else ""
    if not fixture.sized:
        return (
            f"Packaged cell plus {held or 'the fixture that holds its stack pressure'} (mass "
            "and volume as given in the design)"
        )
    pressure = words(x.design.operating.stack_pressure_MPa, "MPa")
    return (
        f"Packaged cell plus {held + ', ' if held else 'a fixture '}sized to hold {pressure} on "
        f"{words(area, 'cm2')}: two "
        f"{fixture.material} end plates {words(given(fixture.plate_thickness_mm), 'mm')} thick and "
        f"{words(given(fixture.bolt_area_mm2), 'mm2')} of tie bolts, {words(fixture.mass_g, 'g')} "
        "(simply supported plates and bolts at the yield strength / "
        f"{words(given(fixture.safety_factor), '').strip()}; nuts and overhang not counted)"
    )
