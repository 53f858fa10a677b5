"""Paper ballots read from scans: a pure module over images (OpenCV and numpy), no Django.

`layout` says where every cell of a printed ballot stands, `page_code` what its QR code
holds, `images` opens scans (images, multi-page TIFF and PDF), `reader` registers a page
from its four corner marks and reads each cell against the blank ballot, and `stack` reads
a whole stack: duplicates, other elections, what goes to people for review.
"""
