"""The customs single-window simulator: in process (:class:`CustomsSimulator`) or over HTTP (:func:`serve`)."""

from xborder.customs.simulator.config import Faults, SimulatorConfig
from xborder.customs.simulator.engine import CaseState, CustomsSimulator, OutgoingReceipt, Submission
from xborder.customs.simulator.http import RunningSimulator, make_wsgi_app, running_simulator, serve
from xborder.customs.simulator.tax import cbec_combined_rate_tax

__all__ = [
    "CaseState",
    "CustomsSimulator",
    "Faults",
    "OutgoingReceipt",
    "RunningSimulator",
    "SimulatorConfig",
    "Submission",
    "cbec_combined_rate_tax",
    "make_wsgi_app",
    "running_simulator",
    "serve",
]
