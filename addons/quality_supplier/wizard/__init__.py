from . import qms_reason_wizard
from . import stock_return_picking_line
