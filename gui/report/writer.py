"""Write a design's report as a PDF (vector figures, bundled fonts embedded) or one HTML file.

Both are drawn in memory and written through engine.io.atomic, so a failed or interrupted export
never leaves a half-written report.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QIODevice, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from engine.design import Design
from engine.io.atomic import write_bytes_atomically, write_text_atomically
from engine.lessons import LessonRun
from engine.materials import Library
from gui.design_model import DesignModel
from gui.fonts import UI_FAMILY
from gui.in_memory import drawn_bytes
from gui.report import sections
from gui.report.figures import Figure, build_figures

Progress = Callable[[str], None]
MAX_FIGURE_SHARE = 0.3  # of the page height, so a tall figure does not fill a page
STYLE = (
    "body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }"
    "table { border-collapse: collapse; } td, th { vertical-align: top; }"
    "pre { font-family: 'DejaVu Sans', sans-serif; font-size: 7.5pt; white-space: pre-wrap; }"
)


class Report:
    """The parts of one report, built once and written as PDF or HTML."""

    def __init__(
        self,
        design: Design,
        library: Library,
        progress: Progress | None = None,
        lesson: LessonRun | None = None,
    ) -> None:
        say = progress or (lambda _text: None)
        self.library = library
        say("evaluating the design")
        self.model = DesignModel(design, self.library)
        self.model.select("")  # no layer highlighted in print
        results = self.model.results
        say("writing the text")
        self.front = sections.header(design, results.library)
        if lesson is not None:  # the hand-in: the student's predictions beside the answers
            self.front += sections.lesson(lesson)
        self.front += sections.ladder(results)
        self.body = (
            sections.inputs(design, results, self.library)
            + sections.cost(results)
            + sections.uncertainty(results, self.model.bands, self.model.bands_problem)
            + sections.warnings_and_trace(results)
            + sections.references(design, self.library)
        )
        say("drawing the figures")
        self.figures: list[Figure] = build_figures(self.model)

    def close(self) -> None:
        """Let go of the off-screen widgets the figures were drawn from: a shown top-level
        widget, even one never on screen, would keep the application running after its last
        window closed."""
        for figure in self.figures:
            figure.widget.close()
            figure.widget.deleteLater()
        self.figures = []

    # --- HTML ----------------------------------------------------------------------------------
    def html(self) -> str:
        figures = "".join(
            f"<figure><h2>{escape(f.title)}</h2>{f.svg()}"
            f"<figcaption>{escape(f.caption)}</figcaption></figure>"
            for f in self.figures
        )
        title = escape(self.model.design.name)
        return (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{STYLE} svg {{ max-width: 100%; height: auto; }}</style></head>"
            f"<body>{self.front}{figures}{self.body}</body></html>"
        )

    def write_html(self, path: Path) -> None:
        write_text_atomically(path, self.html())

    # --- PDF -----------------------------------------------------------------------------------
    def write_pdf(self, path: Path) -> None:
        write_bytes_atomically(path, drawn_bytes(self._pdf))

    def _pdf(self, device: QIODevice) -> None:
        writer = QPdfWriter(device)
        writer.setResolution(300)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setTitle(self.model.design.name)
        writer.setAuthor(self.model.design.author)
        writer.setCreator("Lamina")
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError("the PDF cannot be started")
        page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        width, height = page.width(), page.height()
        flow = _Flow(writer, painter, width, height)
        flow.text(self.front)
        for figure in self.figures:
            flow.figure(figure)
        flow.text(self.body)
        if not painter.end():
            raise OSError("the PDF could not be finished")


class _Flow:
    """Places text and figures down the pages, starting a page when the next part does not fit."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, width: float, height: float) -> None:
        self.writer, self.painter = writer, painter
        self.width, self.height = width, height
        self.y = 0.0

    def _document(self, html: str) -> QTextDocument:
        document = QTextDocument()
        document.documentLayout().setPaintDevice(self.writer)
        document.setDefaultFont(QFont(UI_FAMILY, 9))
        document.setDefaultStyleSheet(STYLE)
        document.setHtml(html)
        document.setTextWidth(self.width)
        return document

    def new_page(self) -> None:
        self.writer.newPage()
        self.y = 0.0

    def text(self, html: str) -> None:
        document = self._document(html)
        if document.size().height() <= self.height - self.y:
            self._draw(document, 0.0, document.size().height())
            self.y += document.size().height()
            return
        if self.y > 0:
            self.new_page()
        document.setPageSize(QSizeF(self.width, self.height))  # break between lines, not in them
        pages = document.pageCount()
        for index in range(pages):
            if index:
                self.new_page()
            self._draw(document, index * self.height, self.height)
        self.y = document.size().height() - (pages - 1) * self.height

    def _draw(self, document: QTextDocument, top: float, span: float) -> None:
        painter = self.painter
        painter.save()
        painter.translate(0, self.y - top)
        document.drawContents(painter, QRectF(0, top, self.width, span))
        painter.restore()

    def figure(self, figure: Figure) -> None:
        title = self._document(f"<h2>{escape(figure.title)}</h2>")
        caption = self._document(f"<p>{escape(figure.caption)}</p>")
        box = min(self.width * figure.aspect, MAX_FIGURE_SHARE * self.height)
        needed = title.size().height() + box + caption.size().height()
        if needed > self.height - self.y:
            self.new_page()
        self._draw(title, 0.0, title.size().height())
        self.y += title.size().height()
        figure.render(self.painter, QRectF(0, self.y, box / figure.aspect, box))
        self.y += box
        self._draw(caption, 0.0, caption.size().height())
        self.y += caption.size().height()


def write_report(
    design: Design,
    path: Path,
    library: Library,
    progress: Progress | None = None,
    lesson: LessonRun | None = None,
) -> None:
    """Write the report of design to path: PDF for .pdf, a self-contained HTML file for .html;
    with a lesson, the student's name and answers come first."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise ValueError(f"{path}: a report is written as .pdf or .html")
    report = Report(design, library, progress, lesson)
    (progress or (lambda _t: None))(f"writing {path}")
    try:
        if suffix == ".pdf":
            report.write_pdf(Path(path))
        else:
            report.write_html(Path(path))
    finally:
        report.close()
