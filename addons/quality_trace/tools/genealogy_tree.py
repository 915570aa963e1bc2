# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure tree functions of the traceability: no ORM, no database.

A node is an integer (a lot id, or minus a manufacturing order id) and ``links`` maps a node to
the set of nodes one step further in the direction traced.
"""


def spread_depths(starts, depths, links):
    """Give the nodes reached from ``starts`` their smallest depth, breadth-first.

    ``depths`` holds the depths of ``starts`` and is completed in place; nodes it already holds
    keep their depth.
    """
    frontier = list(starts)
    while frontier:
        next_frontier = []
        for node in frontier:
            for child in links[node]:
                if child not in depths:
                    depths[child] = depths[node] + 1
                    next_frontier.append(child)
        frontier = next_frontier


def depth_first(start, prefix, depths, links, sort_keys, claimed):
    """The subtree under ``start`` as ``[(node, depth, prefix), ...]``, depth-first.

    The children of a node are the nodes one level deeper it links to, that no node before it
    in tree order has taken (``claimed``, updated in place). ``prefix`` draws the tree in plain
    text: one guide per level above, then a branch that ends at the last sibling.
    """
    tree = []
    stack = [(start, prefix)]
    while stack:
        node, node_prefix = stack.pop()
        depth = depths[node]
        tree.append((node, depth, node_prefix))
        children = sorted(
            (
                child
                for child in links[node]
                if depths.get(child) == depth + 1 and child not in claimed
            ),
            key=sort_keys.__getitem__,
        )
        claimed.update(children)
        guides = "│ " * depth
        for position, child in reversed(list(enumerate(children))):
            branch = "└ " if position == len(children) - 1 else "├ "
            stack.append((child, guides + branch))
    return tree
