"""Load benchmark of the voting hall: many delegates on live connections casting at once."""
