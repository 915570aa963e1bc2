from . import qms_reason_wizard
