"""The polarisation map: a Plotly figure of the us-them axis, pole A (x = -1) to pole B (x = +1),
with a case's actors placed by their role's zone, side and stance, their names, and fuel as
arrows toward the other pole. `build` puts it together from `geometry`, `markup`, `zones`,
`placement`, `labels`, `fuel`, `markers` and `backdrop`, each of which uses only those before it.
"""

from workbook.analysis.polarmap.build import (actor_ids, build_map, figure, labelled_ids, map_parts,
                                             marker_zoom, unlabelled)
from workbook.analysis.polarmap.geometry import (BETWEEN_ZONE, CROWDED, MIDDLE_HALF,
                                                 NO_ROLE_COLOUR, POLE_COLOURS, POLE_ZONE,
                                                 Y_RANGE, Box, y_bottom)
from workbook.analysis.polarmap.labels import MAX_LABELS_CROWDED, place_labels
from workbook.analysis.polarmap.markup import esc, esc_lines
from workbook.analysis.polarmap.placement import place_actors
from workbook.analysis.polarmap.zones import source_side, stance_of

__all__ = ["BETWEEN_ZONE", "CROWDED", "MAX_LABELS_CROWDED", "MIDDLE_HALF", "NO_ROLE_COLOUR",
           "POLE_COLOURS", "POLE_ZONE", "Y_RANGE", "Box", "actor_ids", "build_map", "esc",
           "esc_lines", "figure", "labelled_ids", "map_parts", "marker_zoom", "place_actors",
           "place_labels", "source_side", "stance_of", "unlabelled", "y_bottom"]
