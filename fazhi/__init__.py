"""fazhi — the rule-of-law work of a township government (法治政府建设)."""

__version__ = "0.1.0"
