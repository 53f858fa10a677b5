"""Documents: PDF and Excel in and out."""
