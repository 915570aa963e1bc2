from . import qms_reason_wizard
from . import qms_signature_wizard
from . import qms_spc_report_wizard
