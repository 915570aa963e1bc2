# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import test_quality_trace_install
from . import test_genealogy
from . import test_genealogy_tree
from . import test_trace_api
from . import test_recall
from . import test_trace_view
from . import test_trace_recall_agree
from . import test_integrity
from . import test_web_client
from . import test_report_zh
from . import test_trace_tour
