"""The matching engine: scores, explanations, recommendations and batch assignment.

Pure NumPy/SciPy, and OR-Tools for min-cost flow; nothing here imports Django (a test checks it).
``adapters.py`` turns database rows into the dataclasses of ``inputs.py``; it is the only module of this
package that knows Django, and it is not imported here.
"""

from .assignment import assign_greedy, assign_optimal, total_score
from .equity import equity_report
from .errors import MatchingInputError
from .inputs import ClientProfile, Occupation, PlacementProfile, Taxonomy
from .market import Market
from .recommend import clients_within_reach, counterfactual, explain, top_clients, top_placements

__all__ = [
    "ClientProfile",
    "Market",
    "MatchingInputError",
    "Occupation",
    "PlacementProfile",
    "Taxonomy",
    "assign_greedy",
    "assign_optimal",
    "clients_within_reach",
    "counterfactual",
    "equity_report",
    "explain",
    "top_clients",
    "top_placements",
    "total_score",
]
