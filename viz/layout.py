"""Server-side layout for graphs too large for the browser's physics.

networkx's spring layout places the graph's core (the nodes with two or more links; at most
``max_core`` of them, the best connected, with the rest of the core placed among their neighbours);
the leaves (one link) are set around the node they hang from in a sunflower spiral. This keeps the
expensive part bounded, so a 10,000-node page lays out in about the time a few hundred core nodes take.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable

import networkx as nx

Position = tuple[float, float]
GOLDEN = math.pi * (3 - math.sqrt(5))
SPACING = 22.0   # pixels between neighbouring leaves


def positions(graph: nx.Graph, *, max_core: int = 250, seed: int = 7) -> dict[Hashable, Position]:
    """Pixel coordinates for every node of ``graph`` (directed graphs are laid out undirected)."""
    und = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    degree = dict(und.degree())
    core = [n for n in und if degree[n] >= 2]
    if not core:   # a star, a matching or isolated nodes: the best-connected nodes act as the core
        core = sorted(und, key=lambda n: -degree[n])[:max(1, min(max_core, len(und) // 10 or 1))]
    anchors = sorted(core, key=lambda n: (-degree[n], str(n)))[:max_core]
    anchor_set = set(anchors)
    skeleton = nx.Graph()
    skeleton.add_nodes_from(anchors)
    for node in und:   # anchors joined directly, or through one node that is not an anchor
        near = [m for m in und[node] if m in anchor_set][:12]
        if node in anchor_set:
            skeleton.add_edges_from((node, m) for m in near)
        else:
            skeleton.add_edges_from((a, b) for i, a in enumerate(near) for b in near[i + 1:])
    span = 90.0 * math.sqrt(len(und))
    raw = nx.spring_layout(skeleton, seed=seed, iterations=50, method="force") if len(skeleton) > 1 else {
        anchors[0]: (0.0, 0.0)}
    pos: dict[Hashable, Position] = {n: (float(x) * span, float(y) * span) for n, (x, y) in raw.items()}
    _place_rest_of_core(und, core, pos, seed)
    _place_leaves(und, pos)
    return pos


def _place_rest_of_core(und: nx.Graph, core: list[Hashable], pos: dict[Hashable, Position], seed: int) -> None:
    pending = [n for n in core if n not in pos]
    for _round in range(3):
        left = []
        for i, node in enumerate(pending):
            placed = [pos[m] for m in und[node] if m in pos]
            if not placed:
                left.append(node)
                continue
            jitter = SPACING * (1 + (hash((seed, i)) % 5))
            angle = i * GOLDEN
            pos[node] = (sum(p[0] for p in placed) / len(placed) + jitter * math.cos(angle),
                         sum(p[1] for p in placed) / len(placed) + jitter * math.sin(angle))
        pending = left
    _grid(pending, pos)


def _place_leaves(und: nx.Graph, pos: dict[Hashable, Position]) -> None:
    around: dict[Hashable, list[Hashable]] = defaultdict(list)
    loose = []
    for node in und:
        if node in pos:
            continue
        hubs = [m for m in und[node] if m in pos]
        if hubs:
            around[hubs[0]].append(node)
        else:
            loose.append(node)
    for hub, leaves in around.items():
        hx, hy = pos[hub]
        for i, leaf in enumerate(sorted(leaves, key=str)):
            radius = SPACING * (1.5 + math.sqrt(i + 1))
            pos[leaf] = (hx + radius * math.cos(i * GOLDEN), hy + radius * math.sin(i * GOLDEN))
    _grid(loose, pos)


def _grid(nodes: list[Hashable], pos: dict[Hashable, Position]) -> None:
    """Isolated nodes go in a grid below everything else."""
    if not nodes:
        return
    bottom = max((p[1] for p in pos.values()), default=0.0) + 4 * SPACING
    left = min((p[0] for p in pos.values()), default=0.0)
    width = max(1, int(math.sqrt(len(nodes))))
    for i, node in enumerate(nodes):
        pos[node] = (left + (i % width) * 3 * SPACING, bottom + (i // width) * 3 * SPACING)
