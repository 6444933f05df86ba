"""The policykg ontology (OWL in Turtle), its SHACL shapes and the shared SKOS vocabularies."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _here() -> Path:
    return Path(str(resources.files(__name__)))


def ontology_path() -> Path:
    return _here() / "policykg.ttl"


def shapes_path() -> Path:
    return _here() / "shapes.ttl"


def vocabulary_paths() -> list[Path]:
    """Every SKOS vocabulary file, loaded with the ontology into its named graph."""
    return sorted((_here() / "vocab").glob("*.ttl"))


def ontology_files() -> list[Path]:
    """What goes into the ontology named graph: the ontology and every vocabulary."""
    return [ontology_path(), *vocabulary_paths()]
