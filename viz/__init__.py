"""Network analysis (networkx) and interactive offline pages (pyvis)."""
