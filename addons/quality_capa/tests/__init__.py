# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import test_quality_capa_install
from . import test_nonconformity
from . import test_capa
from . import test_complaint
from . import test_scar
from . import test_production_dispositions
from . import test_audit_pack
from . import test_overview
from . import test_report_zh
