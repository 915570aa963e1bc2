from . import test_aql
from . import test_receipt
from . import test_delivery
from . import test_production
from . import test_security
from . import test_xmlrpc
from . import test_integrity
from . import test_web_client
