"""greencheck: compliance checks for Shanghai's green and low-carbon policies."""

__version__ = "0.1.0"
