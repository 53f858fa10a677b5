"""Opening scans: PNG, JPEG, TIFF (one page or many) and PDF (one ballot a page).

Pages come out as 8-bit grey images (numpy arrays). Decoding is left to OpenCV, Pillow and
PDFium; nothing here reads an image format by hand. A file that cannot be opened raises
`UnreadableScan` with a message in Chinese that says what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

# PDF pages are rendered at this resolution: the reader measures at about 150 dpi, and a
# little more keeps the page code's modules sharp.
PDF_DPI = 200
# Images much larger than the reader needs are decoded at half size (faster, same reading).
REDUCE_ABOVE = 3000

Image.MAX_IMAGE_PIXELS = 120_000_000  # an A3 page at 600 dpi; beyond that, refuse


class UnreadableScan(Exception):
    """A scan that cannot be opened at all (not an image, empty, damaged)."""


@dataclass(frozen=True)
class PageRef:
    """One page of one input file; `page` counts from 1."""

    path: str
    page: int
    pages: int  # pages in the file


def _kind(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise UnreadableScan(f"无法打开文件（{error.strerror or error}）") from None
    if not head:
        raise UnreadableScan("文件是空的")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return "image"


def page_refs(path: str | Path) -> list[PageRef]:
    """The pages of one scan file. Raises UnreadableScan."""
    path = Path(path)
    kind = _kind(path)
    if kind == "pdf":
        count = _pdf_page_count(path)
    elif kind == "tiff":
        count = _tiff_page_count(path)
    else:
        _image_size(path)
        count = 1
    if count == 0:
        raise UnreadableScan("文件中没有页面")
    return [PageRef(str(path), page, count) for page in range(1, count + 1)]


def load_page(ref: PageRef) -> np.ndarray:
    """The page as a grey image. Raises UnreadableScan."""
    path = Path(ref.path)
    kind = _kind(path)
    if kind == "pdf":
        return _pdf_page(path, ref.page)
    if kind == "tiff":
        return _tiff_page(path, ref.page)
    return _image(path)


def _image_size(path: Path) -> tuple[int, int]:
    try:
        with Image.open(path) as image:
            return image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise UnreadableScan("不是可识别的图像或 PDF 文件") from None


def _image(path: Path) -> np.ndarray:
    width, height = _image_size(path)
    flag = cv2.IMREAD_GRAYSCALE
    if max(width, height) > REDUCE_ABOVE:
        flag = cv2.IMREAD_REDUCED_GRAYSCALE_2
    data = np.fromfile(path, dtype=np.uint8)
    image = cv2.imdecode(data, flag)
    if image is None:
        # Formats OpenCV leaves aside (GIF, BMP variants …): Pillow decodes them.
        try:
            with Image.open(path) as pil:
                image = np.asarray(pil.convert("L"))
        except (OSError, ValueError):
            raise UnreadableScan("图像已损坏，无法解码") from None
    return image


def _tiff_page_count(path: Path) -> int:
    try:
        with Image.open(path) as image:
            return getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError):
        raise UnreadableScan("TIFF 文件已损坏，无法读取") from None


def _tiff_page(path: Path, page: int) -> np.ndarray:
    try:
        with Image.open(path) as image:
            image.seek(page - 1)
            return np.asarray(image.convert("L"))
    except (OSError, ValueError, EOFError):
        raise UnreadableScan(f"TIFF 第 {page} 页无法读取") from None


def _pdf_document(path: Path):
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError:
        raise UnreadableScan("PDF 文件已损坏或加密，无法读取") from None


def _pdf_page_count(path: Path) -> int:
    document = _pdf_document(path)
    try:
        return len(document)
    finally:
        document.close()


def _pdf_page(path: Path, page: int) -> np.ndarray:
    import pypdfium2

    document = _pdf_document(path)
    try:
        bitmap = document[page - 1].render(scale=PDF_DPI / 72, grayscale=True)
        array = bitmap.to_numpy()
        if array.ndim == 3:
            array = cv2.cvtColor(array, cv2.COLOR_BGR2GRAY)
        return np.ascontiguousarray(array)
    except pypdfium2.PdfiumError:
        raise UnreadableScan(f"PDF 第 {page} 页无法渲染") from None
    finally:
        document.close()


def render_pdf_page(pdf: bytes, *, page: int, size: tuple[int, int]) -> np.ndarray:
    """One page of a PDF held in memory, as a grey image of exactly `size` (width, height)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pdf_page = document[page - 1]
        width, _height = pdf_page.get_size()
        bitmap = pdf_page.render(scale=size[0] / width, grayscale=True)
        array = bitmap.to_numpy()
        if array.ndim == 3:
            array = cv2.cvtColor(array, cv2.COLOR_BGR2GRAY)
        if (array.shape[1], array.shape[0]) != size:
            array = cv2.resize(array, size, interpolation=cv2.INTER_AREA)
        return np.ascontiguousarray(array)
    finally:
        document.close()
