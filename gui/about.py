"""The About box: version, licences and the papers Lamina's numbers come from."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from engine.references import source_papers
from engine.version import version


def about_html() -> str:
    papers = "".join(f"<li>{escape(p.citation)}</li>" for p in source_papers())
    return (
        f"<h3>Lamina {escape(version())}</h3>"
        "<p>A cell-stack designer for all-solid-state lithium batteries: draw the stack, see the "
        "energy it stores at every level, with the basis of every number stated.</p>"
        "<p>Licence: MIT. Bundled font: DejaVu Sans (Bitstream Vera licence). "
        "Qt for Python (PySide6) is used under the LGPLv3.</p>"
        f"<p><b>Source papers</b></p><ol>{papers}</ol>"
    )


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About Lamina", about_html())
