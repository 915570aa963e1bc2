from . import test_sale_complaint
