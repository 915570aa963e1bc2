from . import test_quality_supplier_install
from . import test_return_loop
from . import test_payment_hold
from . import test_approved_suppliers
from . import test_certificates
from . import test_scorecard
from . import test_xmlrpc
from . import test_integrity
