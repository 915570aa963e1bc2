from . import qms_trace_edge
from . import stock_lot
from . import stock_move
from . import stock_move_line
from . import mrp_production
from . import mrp_unbuild
from . import qms_recall
