"""Register the bundled fonts: a bare machine has none, and every glyph would be a box."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from engine.paths import resource_path

UI_FAMILY = "DejaVu Sans"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def register_bundled_fonts() -> list[str]:
    """Add the TTFs in resources/fonts to Qt's database; return the families they provide."""
    families: list[str] = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id < 0:
            raise RuntimeError(f"cannot load the bundled font {name} from resources/fonts")
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def ui_font(point_size: float = 10.0) -> QFont:
    font = QFont(UI_FAMILY)
    font.setPointSizeF(point_size)
    return font
