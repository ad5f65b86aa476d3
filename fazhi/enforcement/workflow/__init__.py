"""The procedure of an administrative penalty case (being split into declarations, guards and actions)."""

from fazhi.enforcement.workflow.declarations import *  # noqa: F403
