# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Give a database its genealogy from the manufacturing and unbuild orders already done."""
    env["qms.trace.edge"]._qms_rebuild()
