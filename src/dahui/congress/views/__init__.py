"""The congress pages, one module per area. Each view: gate, parse, one service, render."""
