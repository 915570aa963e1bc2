from . import qms_reason_wizard
from . import qms_signature_wizard
from . import qms_reason_wizard_gauge
from . import qms_msa_import_wizard
from . import qms_inspection_register_wizard
from . import qms_spc_report_wizard
