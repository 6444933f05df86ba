"""Cross-city analyses over the linked graph: they compute tables and networks; :mod:`policykg.viz` draws them.

:mod:`.compare` gathers them for the CLI (``policykg compare ...``) and the API (``/compare/...``).
"""
