from . import qms_reason_wizard
from . import qms_register_wizard
