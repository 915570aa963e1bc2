from . import test_quality_dashboard
from . import test_quality_dashboard_tour
