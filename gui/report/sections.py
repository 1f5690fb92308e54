"""The text of a report, as HTML fragments: every user string escaped, every number with its unit.

Sections: the design's inputs layer by layer (with the source of each library value), the
energy-density ladder with its bases, the key figures, warnings, the trace of the headline
numbers, and the references the design's values came from.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from engine.design import Component, Design, PelletFormat
from engine.evaluate.coating import coating_text
from engine.evaluate.cost import NOT_COUNTED, price_text, usd
from engine.evaluate.delivery import delivery_warnings
from engine.evaluate.inventory import inventory_text, lithium_inventory, prelithiation_text
from engine.evaluate.trace import explain
from engine.labels import ANODE_KINDS, describe
from engine.ladder_words import ladder_bases_text, ladder_rows
from engine.lessons import LessonRun, format_number
from engine.materials import Library, library_stamp
from engine.references import OWN_SOURCE, load_references
from engine.results import Results, Rung
from engine.studies.uncertainty import Bands, bands_text, inputs_text
from engine.version import version

TRACED = ("wh_per_kg:cell", "wh_per_l:cell", "areal_capacity", "cell_voltage")
LIBRARY_KEYS = (
    ("density_g_cm3", "density", "g/cm³"),
    ("capacity_practical_mAh_g", "practical capacity", "mAh/g"),
    ("voltage_avg_V", "mean voltage", "V vs Li"),
    ("ionic_conductivity_S_cm", "ionic conductivity", "S/cm"),
)


def _number(value: object, digits: int = 4) -> str:
    return f"{float(value):.{digits}g}"  # type: ignore[arg-type]


def header(design: Design, library: Library, when: dt.datetime | None = None) -> str:
    when = when or dt.datetime.now(tz=dt.UTC)
    author = f"<p><b>Author:</b> {escape(design.author)}</p>" if design.author else ""
    notes = f"<p><b>Notes:</b> {escape(design.notes)}</p>" if design.notes else ""
    return (
        f"<h1>{escape(design.name)}</h1>"
        f"<p>Lamina {escape(version())} design report, {when:%Y-%m-%d %H:%M} UTC; "
        f"{escape(library_stamp(library))}</p>"
        f"{author}{notes}"
    )


def lesson(run: LessonRun) -> str:
    """A student's hand-in: their name, the lesson, and each step's prediction beside Lamina's
    answer and the gap (a step not reached says so)."""
    name = escape(run.student) if run.student.strip() else "(no name given)"
    rows = []
    for i, step in enumerate(run.lesson.steps):
        answer = run.answers.get(i)
        unit = escape(step.predict.unit) if step.predict else ""
        if answer is None:
            cells = "<td colspan='3'>not reached</td>"
        elif answer.actual is None:
            cells = "<td colspan='3'>done (no prediction asked)</td>"
        else:
            predicted = "—" if answer.predicted is None else format_number(answer.predicted)
            gap = answer.relative_gap
            cells = (
                f"<td>{predicted} {unit}</td><td>{format_number(answer.actual)} {unit}</td>"
                f"<td>{'—' if gap is None else f'{gap * 100:+.0f} %'}</td>"
            )
        rows.append(f"<tr><td>{i + 1}. {escape(step.title)}</td>{cells}</tr>")
    source = f" After {escape(run.lesson.source)}." if run.lesson.source else ""
    return (
        f"<h2>Lesson: {escape(run.lesson.title)}</h2>"
        f"<p><b>Student:</b> {name}. {len(run.answers)} of {len(run.lesson.steps)} steps "
        f"done.{source}</p>"
        "<table border='1' cellspacing='0' cellpadding='3'><tr><th>Step</th>"
        "<th>Predicted</th><th>Lamina</th><th>Gap</th></tr>" + "".join(rows) + "</table>"
    )


def _component_table(components: tuple[Component, ...], library: Library) -> str:
    """A composite's components: material, mass fraction, the values used and their sources."""
    rows = []
    for c in components:
        material = library[c.material]
        sources = []
        for key, label, unit in LIBRARY_KEYS:
            entry = material.values.get(key)
            if entry is not None:
                sources.append(f"{label} {_number(entry.value)} {unit} [{entry.source()}]")
        override = []
        if c.capacity_mAh_g is not None:
            override.append(f"measured capacity {_number(c.capacity_mAh_g)} mAh/g")
        if c.density_g_cm3 is not None:
            override.append(f"measured density {_number(c.density_g_cm3)} g/cm³")
        rows.append(
            f"<tr><td>{escape(material.id)}</td><td>{100 * float(c.mass_fraction):.2f} %</td>"
            f"<td>{escape('; '.join(override + sources))}</td></tr>"
        )
    return (
        "<table border='1' cellspacing='0' cellpadding='3'><tr><th>Material</th>"
        "<th>Mass fraction</th><th>Values used and their sources</th></tr>"
        f"{''.join(rows)}</table>"
    )


def inputs(design: Design, results: Results, library: Library) -> str:
    """Every layer's inputs with units, and the sources of the library values it uses."""
    parts = [
        "<h2>Stack and inputs</h2>",
        "<table border='1' cellspacing='0' cellpadding='3'>",
        (
            "<tr><th>Layer</th><th>Material</th><th>Thickness (µm)</th>"
            "<th>Areal mass (mg/cm²)</th><th>Porosity</th><th>Share of cell mass</th></tr>"
        ),
    ]
    for layer in results.layers:
        porosity = getattr(layer, "porosity", None)
        porous = layer.key in ("cathode", "anode") or layer.key.startswith("separator")
        shown = f"{100 * float(porosity):.1f} %" if porous and porosity is not None else ""
        parts.append(
            f"<tr><td>{escape(layer.label)}</td><td>{escape(layer.material)}</td>"
            f"<td>{_number(layer.thickness_um)}</td><td>{_number(layer.mass_mg_cm2)}</td>"
            f"<td>{shown}</td><td>{100 * float(layer.mass_share):.1f} %</td></tr>"
        )
    parts.append("</table>")
    cathode = design.cathode
    size = next(
        (
            f"{label} {_number(getattr(cathode, name))} {unit}"
            for name, label, unit in (
                ("active_loading_mg_cm2", "active loading", "mg/cm²"),
                ("loading_mg_cm2", "total loading", "mg/cm²"),
                ("thickness_um", "thickness", "µm"),
            )
            if getattr(cathode, name) is not None
        ),
        "",
    )
    if cathode.coating_material is not None:
        size += (
            f"; every active coated with {_number(cathode.coating_thickness_nm)} nm of "
            f"{cathode.coating_material}"
        )
    parts.append(f"<h3>Composite cathode</h3><p>Sized by {escape(size)}.</p>")
    parts.append(_component_table(cathode.components, library))
    anode = design.anode
    parts.append(
        f"<h3>Anode</h3><p>{escape(ANODE_KINDS[anode.kind].capitalize())}"
        + (
            f", N/P {_number(anode.n_p_ratio, 3)} on the {design.n_p_basis} cathode capacity"
            if anode.n_p_ratio is not None
            else ""
        )
        + ".</p>"
    )
    if anode.components:
        parts.append(_component_table(anode.components, library))
    cell = design.cell_format
    if isinstance(cell, PelletFormat):
        fmt = f"Pellet cell, {_number(cell.diameter_mm)} mm die."
    else:
        fmt = (
            f"Stacked pouch cell, {_number(cell.width_mm)} x {_number(cell.height_mm)} mm, "
            f"{cell.unit_cells} unit cells, {'double' if cell.double_sided else 'single'}-"
            f"sided, tabs {_number(cell.tab_mass_g)} g, pouch foil "
            f"{_number(cell.foil_thickness_um)} µm at {_number(cell.foil_density_g_cm3)} g/cm³."
        )
    if design.overhang.any():
        fmt += (
            f" Anode {_number(design.overhang.anode_mm)} mm and separator "
            f"{_number(design.overhang.separator_mm)} mm past the cathode's edge. "
            f"{results.areas.text()}."
        )
    operating = design.operating
    parts.append(
        f"<h3>Cell and conditions</h3><p>{escape(fmt)} Stack pressure "
        f"{_number(operating.stack_pressure_MPa)} MPa, "
        f"{_number(operating.temperature_C)} °C. Energy from the "
        f"{results.areal_capacity_basis}.</p>"
    )
    return "".join(parts)


def _ladder_row(rung: Rung, at_cell: bool) -> str:
    if at_cell:
        name = f"at the cell's {float(rung.cell_voltage_V):.3g} V"
        values = (
            rung.wh_per_kg_at_cell_voltage,
            rung.wh_per_l_at_cell_voltage,
            rung.wh_per_l_discharged_at_cell_voltage,
        )
        return (
            f"<tr><td></td><td>{escape(name)}</td>"
            + "".join(f"<td>{float(v):.1f}</td>" for v in values)
            + "<td>the same masses and volumes at the cell voltage</td></tr>"
        )
    values = (rung.wh_per_kg, rung.wh_per_l, rung.wh_per_l_discharged)
    return (
        f"<tr><td>{rung.level}</td><td>{escape(rung.label)}</td>"
        + "".join(f"<td>{float(v):.1f}</td>" for v in values)
        + f"<td>{escape(rung.basis)}</td></tr>"
    )


def ladder(results: Results) -> str:
    rows = "".join(_ladder_row(rung, at_cell) for rung, at_cell in ladder_rows(results.ladder))
    n_p = (
        "n/a (anode-free)"
        if results.n_p_ratio is None
        else f"{_number(results.n_p_ratio_on('practical'), 3)} on the practical, "
        f"{_number(results.n_p_ratio_on('theoretical'), 3)} on the theoretical cathode capacity"
    )
    state = "at top of charge" if results.design.electrode_volume_change else "as built"
    return (
        "<h2>Energy density</h2><table border='1' cellspacing='0' cellpadding='3'>"
        "<tr><th>Level</th><th>Rung</th><th>Wh/kg</th><th>Wh/L</th><th>Wh/L dis.</th>"
        f"<th>Basis</th></tr>{rows}</table>"
        f"<p>{escape(ladder_bases_text(results))}</p>"
        f"<p>Areal capacity {_number(results.areal_capacity_mAh_cm2)} mAh/cm²; cell capacity "
        f"{_number(results.capacity_mAh)} mAh; cell voltage {_number(results.cell_voltage_V)} V; "
        f"energy {_number(results.energy_Wh)} Wh; N/P {n_p}; cell mass "
        f"{_number(results.cell_mass_g)} g; cell volume {_number(results.cell_volume_cm3)} cm³; "
        f"stack thickness {_number(results.stack_thickness_um)} µm {state}.</p>"
        f"<p>{escape(_inventory_sentences(results))}</p>"
    )


def _inventory_sentences(results: Results) -> str:
    """The actives' coating and the anode's pre-lithiation (if any), and the Li inventory, as
    sentences."""
    texts = (
        coating_text(results),
        prelithiation_text(results),
        inventory_text(lithium_inventory(results)),
    )
    return " ".join(f"{text}." for text in texts if text)


def cost(results: Results) -> str:
    """What the materials cost at the design's prices ("" without prices): per rung, per layer
    and material, and the prices with their sources."""
    found = results.cost
    if found is None:
        return ""
    rows = "".join(
        f"<tr><td>{r.level}</td><td>{escape(r.label)}</td>"
        + (
            f"<td colspan='2'>no price for {escape(', '.join(r.unpriced))}</td>"
            if r.usd is None or r.usd_per_kwh is None
            else f"<td>{escape(usd(r.usd))}</td><td>{float(r.usd_per_kwh):.1f}</td>"
        )
        + "</tr>"
        for r in found.rungs
    )
    layers = "".join(
        f"<li>{escape(layer.label)}: "
        + ", ".join(
            f"{escape(x.material)} {_number(x.mass_g, 3)} g, "
            + ("no price" if x.usd is None else escape(usd(x.usd)))
            for x in layer.lines
        )
        + "</li>"
        for layer in found.layers
    )
    prices = "".join(f"<li>{escape(price_text(p))}</li>" for p in results.design.prices)
    missing = (
        f"<p>No price for {escape(', '.join(found.unpriced))}: the levels that hold them have "
        "no cost.</p>"
        if found.unpriced
        else ""
    )
    return (
        "<h2>Materials cost</h2>"
        f"<p>At the design's prices; {escape(NOT_COUNTED)}. Levels 1 and 2 per kWh vs Li+/Li, "
        "like their Wh/kg.</p><table border='1' cellspacing='0' cellpadding='3'>"
        f"<tr><th>Level</th><th>Rung</th><th>US$</th><th>US$/kWh</th></tr>{rows}</table>"
        f"{missing}<p>By layer:</p><ul>{layers}</ul><p>Prices (US$/kg):</p><ul>{prices}</ul>"
    )


def uncertainty(results: Results, bands: Bands | None, problem: str) -> str:
    """Each level's 5-95 % band and the inputs drawn (engine/studies/uncertainty.py)."""
    parts = ["<h2>How sure the numbers are</h2>"]
    if bands is None:
        return parts[0] + f"<p>No bands: {escape(problem)}</p>"
    rows = []
    for rung in results.ladder:
        per_kg, per_l = (bands.bands[f"ladder.{rung.key}.{u}"] for u in ("wh_per_kg", "wh_per_l"))
        rows.append(
            f"<tr><td>{rung.level}</td><td>{escape(rung.label)}</td>"
            f"<td>{float(rung.wh_per_kg):.1f}</td><td>{per_kg.low:.1f}</td>"
            f"<td>{per_kg.high:.1f}</td><td>{float(rung.wh_per_l):.1f}</td>"
            f"<td>{per_l.low:.1f}</td><td>{per_l.high:.1f}</td></tr>"
        )
    drawn = inputs_text(bands, results.design).splitlines()
    inputs = "".join(f"<li>{escape(line)}</li>" for line in drawn)
    return (
        parts[0]
        + f"<p>{escape(bands_text(bands))} Seed {bands.seed}; normal draws beyond 4 standard "
        "deviations are drawn again.</p>"
        "<table border='1' cellspacing='0' cellpadding='3'><tr><th>Level</th><th>Rung</th>"
        "<th>Wh/kg</th><th>5 %</th><th>95 %</th><th>Wh/L</th><th>5 %</th><th>95 %</th></tr>"
        + "".join(rows)
        + f"</table>{_cost_bands(results, bands)}<p>Inputs drawn:</p><ul>{inputs}</ul>"
    )


def _cost_bands(results: Results, bands: Bands) -> str:
    """Each priced level's cost per kWh with its band ("" without prices)."""
    if results.cost is None:
        return ""
    found = [
        f"{rung.level} {escape(rung.label)} {float(rung.usd_per_kwh):.1f} "
        f"({band.low:.1f} to {band.high:.1f})"
        for rung in results.cost.rungs
        if rung.usd_per_kwh is not None
        for band in [bands.bands.get(f"cost.{rung.key}.usd_per_kwh")]
        if band is not None
    ]
    return f"<p>Materials cost, US$/kWh (5 % to 95 %): {'; '.join(found)}.</p>" if found else ""


def warnings_and_trace(results: Results) -> str:
    parts = ["<h2>Warnings</h2>"]
    warnings = [*results.warnings, *delivery_warnings(results)]
    if warnings:
        parts.append(
            "<ul>" + "".join(f"<li>{escape(describe(w))}</li>" for w in warnings) + "</ul>"
        )
    else:
        parts.append("<p>None.</p>")
    parts.append("<h2>How the headline numbers were obtained</h2>")
    for key in TRACED:
        text = explain(results, key).text(labels=True)
        parts.append(f"<pre>{escape(text)}</pre>")
    return "".join(parts)


def references(design: Design, library: Library) -> str:
    """The papers and handbooks behind the values this design uses."""
    keys: list[str] = []
    materials = [c.material for c in (*design.cathode.components, *design.anode.components)]
    materials += [layer.material for layer in design.separator]
    materials += [c.material for c in (design.cathode_collector, design.anode_collector) if c]
    if design.anode.kind in ("li_metal", "anode_free"):
        materials.append("Li")
    for material_id in materials:
        for value in library[material_id].values.values():
            if value.ref not in keys:
                keys.append(value.ref)
    known = load_references()
    items = "".join(
        f"<li>[{escape(k)}] {escape(known[k].citation) if k in known else OWN_SOURCE}</li>"
        for k in keys
    )
    return f"<h2>References</h2><ol>{items}</ol>"
