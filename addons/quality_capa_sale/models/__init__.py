from . import qms_complaint
from . import sale_order
