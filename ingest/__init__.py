"""Ingestion: read → normalise → segment → extract mentions → resolve → emit triples.

Each stage is a plain function with frozen-dataclass output; :mod:`policykg.ingest.pipeline` runs them.
"""
