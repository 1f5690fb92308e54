"""Where the cell's materials meet outside what they withstand: named warnings with their sources.

- ``electrolyte_oxidized``: an ion conductor touching the cathode (in the composite, or the first
  separator layer) whose electrochemical stability window (library ``stability_window_high_V``)
  ends below the cathode's mean potential: uncoated, it decomposes where they touch through most
  of the cycle. The mean, not the charge cut-off: the first-principles windows (e.g. 1.71 to
  2.31 V for Li3PS4) are narrower than every cell's cut-offs, and sulfur and sulfide cathodes,
  whose chemical potential is close to the sulfide electrolytes', cycle with them uncoated
  (Wu et al. 2020, section 3.1); an oxide at 3.8 V does not. Coated actives (the design's
  cathode.coating_material) touch only their coating, whose window is checked instead.
- ``electrolyte_reduced``: an ion conductor touching the anode (the last separator layer, or in a
  composite anode) whose reduction products conduct electrons (library
  ``reduction_products_conduct_electrons``, e.g. the Li-Ge alloy of LGPS; Wu et al. 2020, Adv.
  Mater., DOI 10.1002/adma.202000751, sections 4.1.1 and 5.1.1), at an anode potential at or
  below its window's low end (``stability_window_low_V``; 0 V, Li metal, where the library gives
  none): the interphase keeps growing. Reduction products that do not conduct electrons (Li2S,
  Li3P, LiCl) passivate the interface, and are not warned of.
- ``above_critical_current``: a Li metal or anode-free cell whose current at the design's C-rate
  exceeds the critical current density of the electrolyte facing the Li (library
  ``critical_current_density_mA_cm2``): Li dendrites grow through it on charge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from engine.design import Design, Num
from engine.evaluate.arrays import any_of, words
from engine.evaluate.memo import per_part
from engine.materials import Library, Material
from engine.problems import DesignWarning

HIGH = "stability_window_high_V"
LOW = "stability_window_low_V"
CONDUCTING_PRODUCTS = "reduction_products_conduct_electrons"
CCD = "critical_current_density_mA_cm2"


def _cathode_side(design: Design, library: Library) -> Iterator[tuple[str, Material]]:
    """The materials that touch the cathode's actives: their coating, which covers them; else the
    composite's, then separator layer 1."""
    if design.cathode.coating_material is not None:
        yield "cathode.coating_material", library[design.cathode.coating_material]
        return
    for i, component in enumerate(design.cathode.components):
        yield f"cathode.components[{i}].material", library[component.material]
    yield "separator[0].material", library[design.separator[0].material]


def _anode_side(design: Design, library: Library) -> Iterator[tuple[str, Material]]:
    """The materials that touch the anode: the last separator layer, then a composite's."""
    last = len(design.separator) - 1
    yield f"separator[{last}].material", library[design.separator[last].material]
    if design.anode.kind == "composite":
        for i, component in enumerate(design.anode.components):
            yield f"anode.components[{i}].material", library[component.material]


def oxidation_warnings(design: Design, library: Library, cathode_V: Num) -> list[DesignWarning]:
    """Electrolytes at the cathode whose window ends below the cathode's mean potential."""
    found, seen = [], set()
    for path, material in _cathode_side(design, library):
        high = material.values.get(HIGH)
        if high is None or material.id in seen or not any_of(cathode_V > high.value):
            continue
        seen.add(material.id)
        found.append(
            DesignWarning(
                "electrolyte_oxidized",
                path,
                f"{material.id} is oxidized above {high.value:g} V vs Li+/Li ({high.citation()}); "
                f"the cathode works at {words(cathode_V, 'V')} on average, so where they touch "
                + (
                    "the coating decomposes"
                    if path == "cathode.coating_material"
                    else "it decomposes unless the actives are coated (the cathode's coating, "
                    "e.g. LiNbO3)"
                ),
            )
        )
    return found


def reduction_warnings(design: Design, library: Library, anode_V: Num) -> list[DesignWarning]:
    """Electrolytes at the anode reduced there into products that conduct electrons."""
    found, seen = [], set()
    for path, material in _anode_side(design, library):
        conducting = material.values.get(CONDUCTING_PRODUCTS)
        if conducting is None or conducting.value < 0.5 or material.id in seen:
            continue
        low = material.values.get(LOW)
        threshold = 0.0 if low is None else low.value
        if not any_of(anode_V <= threshold):
            continue
        seen.add(material.id)
        window = (
            "at Li metal's 0 V"
            if low is None
            else f"below {low.value:g} V vs Li+/Li ({low.citation()})"
        )
        found.append(
            DesignWarning(
                "electrolyte_reduced",
                path,
                f"{material.id} is reduced {window} and the anode is at {words(anode_V, 'V')}: "
                f"its reduction products conduct electrons ({conducting.citation()}), so the "
                "interphase keeps growing; put a layer that passivates (e.g. Li3PS4) or an "
                "interlayer between them",
            )
        )
    return found


def current_warnings(design: Design, library: Library, current_mA_cm2: Num) -> list[DesignWarning]:
    """A Li metal or anode-free cell cycled above its separator's critical current density."""
    if design.anode.kind not in ("li_metal", "anode_free"):
        return []
    _path, material = next(_anode_side(design, library))
    ccd = material.values.get(CCD)
    if ccd is None or not any_of(current_mA_cm2 > ccd.value):
        return []
    return [
        DesignWarning(
            "above_critical_current",
            "operating.c_rate",
            f"{words(current_mA_cm2, 'mA/cm2')} at the design's C-rate is above the "
            f"{ccd.value:g} mA/cm2 critical current density of {material.id} against Li metal "
            f"({ccd.citation()}): Li dendrites grow through it on charge",
        )
    ]


def stability_warnings(
    design: Design,
    library: Library,
    cathode_V: Num,
    anode_V: Num,
    current_mA_cm2: Num,
) -> list[DesignWarning]:
    """Every interface and current limit the design crosses (the module's docstring lists them).
    For one design, the interfaces' warnings are kept per cathode composition and per anode with
    the potential (engine/evaluate/memo.py): a drag of a loading or a thickness finds them again."""
    cathode_side = (design.cathode.coating_material, design.separator[0].material)
    anode_side = (len(design.separator), design.separator[-1].material)
    components = design.cathode.components
    return [
        *_kept(library, oxidation_warnings, design, cathode_V, components, cathode_side),
        *_kept(library, reduction_warnings, design, anode_V, design.anode, anode_side),
        *current_warnings(design, library, current_mA_cm2),
    ]


Warn = Callable[[Design, Library, Num], list[DesignWarning]]


def _kept(
    library: Library,
    warn: Warn,
    design: Design,
    potential: Num,
    part: object,
    rest: tuple[object, ...],
) -> list[DesignWarning]:
    """warn(design, library, potential), kept for the part of the design it reads with the rest
    of what it reads, when the potential is one number (memo.py keeps nothing for arrays)."""
    return per_part(
        library, (warn, potential, rest), part, lambda _: warn(design, library, potential)
    )
