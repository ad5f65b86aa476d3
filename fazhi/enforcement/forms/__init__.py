"""The enforcement forms (being split by what they are)."""

from fazhi.enforcement.forms.cases import *  # noqa: F403
from fazhi.enforcement.forms.steps import *  # noqa: F403
