"""Live: typed real-time events to screens and phones."""
