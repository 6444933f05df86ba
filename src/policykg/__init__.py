"""policykg: a knowledge graph of Chinese quality-strong-city policy, with a query layer."""

__version__ = "0.1.0"
