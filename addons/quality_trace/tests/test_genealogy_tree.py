# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo.tests import BaseCase, tagged

from ..tools import depth_first, spread_depths


@tagged("post_install", "-at_install")
class TestGenealogyTree(BaseCase):
    """The pure tree functions, on a diamond: 1 links to 2 and 3, both link to 4."""

    def setUp(self):
        super().setUp()
        self.links = defaultdict(set, {1: {2, 3}, 2: {4}, 3: {4}})

    def test_depths_are_the_shortest_from_the_starts(self):
        depths = {1: 0}
        spread_depths([1], depths, self.links)
        self.assertEqual(depths, {1: 0, 2: 1, 3: 1, 4: 2})

    def test_a_shared_node_is_listed_once_under_its_first_parent(self):
        depths = {1: 0}
        spread_depths([1], depths, self.links)
        claimed = {1}
        tree = depth_first(1, "", depths, self.links, {n: n for n in depths}, claimed)
        self.assertEqual(tree, [(1, 0, ""), (2, 1, "├ "), (4, 2, "│ └ "), (3, 1, "└ ")])
        self.assertEqual(claimed, {1, 2, 3, 4})
