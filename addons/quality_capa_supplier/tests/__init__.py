from . import test_scar_scorecard
