"""The pure rules of the pipeline: receipt status -> message state, message states -> clearance."""

import pytest

from xborder.customs.models import Clearance
from xborder.customs.models import MessageState as S
from xborder.customs.services import RANK, derive_clearance, message_state_for


@pytest.mark.parametrize(
    ("status", "state"),
    [(-3, S.ERROR), (4, S.ERROR), (2, S.DECLARING), (100, S.REJECTED), (120, S.ACCEPTED), (300, S.MANUAL_REVIEW),
     (500, S.INSPECTION), (502, S.INSPECTION), (399, S.ACCEPTED), (800, S.RELEASED), (899, S.RELEASED)],
)  # fmt: skip
def test_a_return_status_means_a_message_state(status, state):
    assert message_state_for(status) == state


def test_a_release_outranks_every_earlier_answer():
    assert all(RANK[S.RELEASED] > RANK[state] for state in S if state not in (S.RELEASED, S.SUPERSEDED))


FOUR = ("CEB311", "CEB411", "CEB511", "CEB621")


def states(order=S.ACCEPTED, payment=S.ACCEPTED, waybill=S.ACCEPTED, inventory=S.ACCEPTED):
    return dict(zip(FOUR, (order, payment, waybill, inventory), strict=True))


@pytest.mark.parametrize(
    ("given", "clearance"),
    [
        pytest.param({}, Clearance.PENDING, id="nothing-yet"),
        pytest.param(states(S.PENDING, S.PENDING, S.PENDING, S.PENDING), Clearance.PENDING, id="in-outbox"),
        pytest.param(states(S.SENT, S.SENT, S.SENT, S.PENDING), Clearance.PENDING, id="partly-sent"),
        pytest.param(states(S.SENT, S.SENT, S.SENT, S.SENT), Clearance.SUBMITTED, id="all-sent"),
        pytest.param(states(inventory=S.DECLARING), Clearance.SUBMITTED, id="inventory-declaring"),
        pytest.param(states(), Clearance.ACCEPTED, id="accepted"),
        pytest.param(states(inventory=S.MANUAL_REVIEW), Clearance.MANUAL_REVIEW, id="300"),
        pytest.param(states(inventory=S.INSPECTION), Clearance.INSPECTION, id="500"),
        pytest.param(states(inventory=S.RELEASED), Clearance.RELEASED, id="800"),
        pytest.param(states(inventory=S.REJECTED), Clearance.REJECTED, id="inventory-100"),
        pytest.param(states(order=S.REJECTED), Clearance.REJECTED, id="order-100"),
        pytest.param(states(payment=S.ERROR), Clearance.FORMAT_ERROR, id="ceb900"),
    ],
)
def test_the_clearance_follows_from_the_message_states(given, clearance):
    assert derive_clearance(given) == clearance


def test_no_messages_after_a_refused_check_is_blocked():
    assert derive_clearance({}, blocked=True) == Clearance.BLOCKED
