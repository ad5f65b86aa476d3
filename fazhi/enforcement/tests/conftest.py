"""The enforcement fixtures live in the plugin `fazhi.enforcement.testing` (registered in
fazhi/conftest.py); the names tests import from here are re-exported."""

# The fixture functions too, for modules that build them by hand (tests/matrix.py): the same
# functions as the plugin's, so registering them here again changes nothing.
from fazhi.enforcement.testing import (  # noqa: F401  # noqa: E402, F401
    STEP_DEFAULTS,
    THROUGH_NOTICE,
    TO_ARCHIVE,
    _credit_code,
    _id_number,
    certify,
    decided_case,
    enf,
    make_case,
    step,
    walk,
)
