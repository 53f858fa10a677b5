"""The text of a PDF as a reader would copy it (pypdfium2), for checking what was printed."""

from __future__ import annotations

import pypdfium2


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
