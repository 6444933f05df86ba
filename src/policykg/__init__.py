"""policykg: a knowledge graph of Chinese quality-strong-city policy, with a query layer."""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``policykg.to_dataframe`` without importing pandas until it is used (``policykg[notebook]``)."""
    if name == "to_dataframe":
        from .frames import to_dataframe

        return to_dataframe
    raise AttributeError(f"module 'policykg' has no attribute {name!r}")
