"""What seed.py and run.py share: which database they use, the data set sizes, the named users.

Both scripts run against a separate database, never the project's own var/: FAZHI_VAR_DIR
defaults to /tmp/fazhi-bench (a SQLite file there), or DATABASE_URL names another database
(e.g. an empty PostgreSQL database).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR_DIR = "/tmp/fazhi-bench"


def configure() -> None:
    """Point Django at the benchmark database and set it up."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("FAZHI_VAR_DIR", DEFAULT_VAR_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ.setdefault("FAZHI_TASKS", "immediate")
    import django

    django.setup()


def database_label() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {settings['NAME']}"
    return f"{connection.vendor} {settings.get('HOST') or 'local'}/{settings['NAME']}"


# The data sets. "full" is the size the brief names (20 towns × 10 villages × 8 grids, 200,000
# deadlines, 50,000 cases, 500,000 ledger entries); "moderate" keeps seed + run within a few
# minutes on a 2-core machine; "small" checks the scripts themselves.
SIZES = {
    "full": {
        "towns": 20,
        "villages": 10,
        "grids": 8,
        "cases": 50_000,
        "town_cases": 10_000,  # of them in the benchmark town (the first), the rest spread evenly
        "deadlines": 200_000,
        "orders": 10_000,
        "ledger": 500_000,
    },
    "moderate": {
        "towns": 20,
        "villages": 10,
        "grids": 8,
        "cases": 20_000,
        "town_cases": 10_000,
        "deadlines": 80_000,
        "orders": 4_000,
        "ledger": 150_000,
    },
    "small": {
        "towns": 3,
        "villages": 4,
        "grids": 3,
        "cases": 1_500,
        "town_cases": 1_000,
        "deadlines": 6_000,
        "orders": 300,
        "ledger": 10_000,
    },
}

COUNTY_CODE = "430321"


def town_code(t: int) -> str:
    return f"{COUNTY_CODE}{100 + t:03d}"


# The accounts the benchmarks act as (all in the first town, the county and the system).
LEADER = "bench_leader"  # town_leader of the first town
OFFICER = "bench_officer"  # enforcement_officer of the first town, an Officer of its brigade
REVIEWER = "bench_reviewer"  # legal_reviewer of the first town
COUNTY = "bench_county"  # county_supervisor: all towns
AUDITOR = "bench_auditor"  # auditor (三员)
