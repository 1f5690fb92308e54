"""Qt's writers (QPdfWriter, QSvgGenerator, QImage.save) draw into memory, not into a file.

QPdfWriter and QSvgGenerator say nothing when a write to a file fails (a full disk left a
truncated SVG and a 0-byte PDF, reported as done). Drawn into memory they cannot fail that way,
and the bytes then go to engine.io.atomic, which checks every write.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice


def drawn_bytes(draw: Callable[[QIODevice], object]) -> bytes:
    """The bytes draw() writes to an in-memory device it is given."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    draw(buffer)
    buffer.close()
    return bytes(data.data())
