"""Sample enforcement records of 石鼓镇 and 易俗河镇 (all invented, all marked is_sample).

`data.py` holds the names, places, causes and volumes; `build.py` the brigade and the records
that go through the real workflow (石鼓镇's 2021 and this year's open work); `history.py` the
other years and the other town, through core's bulk path. Registered with the demo kit
(`fazhi.core.demo.register`) with its volumes.
"""

from fazhi.core import demo as _kit
from fazhi.enforcement.demo.build import VOLUMES, build
from fazhi.enforcement.demo.data import BODY_NAME, CASES_2021, ORDERS_2021

__all__ = ["BODY_NAME", "CASES_2021", "ORDERS_2021", "VOLUMES", "build"]

_kit.register("enforcement", build, volumes=VOLUMES)
