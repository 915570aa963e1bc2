from . import qms_spc_report
