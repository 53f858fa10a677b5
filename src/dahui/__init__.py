"""dahui (大会): runs a trade-union representative congress and its elections."""

__version__ = "0.1.0"
