"""Simulator settings from the environment and their validation."""

from datetime import timedelta
from pathlib import Path

import pytest

from xborder.customs import errors
from xborder.customs.errors import CustomsError
from xborder.customs.simulator import SimulatorConfig


def test_settings_come_from_the_environment():
    config = SimulatorConfig.from_environment(
        {
            "XBORDER_CUSTOMS_SIM_DELAY_SECONDS": "2.5",
            "XBORDER_CUSTOMS_SIM_HOLD_STATUS": "300",
            "XBORDER_CUSTOMS_SIM_CALLBACK_URL": "http://127.0.0.1:8000/customs/receipts",
            "XBORDER_CUSTOMS_SIM_LEDGER_PATH": "/tmp/customs-sim.sqlite3",
        }
    )

    assert config.receipt_delay == timedelta(seconds=2.5)
    assert config.hold_status == 300
    assert config.callback_url == "http://127.0.0.1:8000/customs/receipts"
    assert config.ledger_path == Path("/tmp/customs-sim.sqlite3")


def test_an_empty_environment_gives_the_defaults():
    config = SimulatorConfig.from_environment({})

    assert (config.receipt_delay, config.hold_status, config.callback_url, config.ledger_path) == (
        timedelta(0),
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "environ",
    [
        pytest.param({"XBORDER_CUSTOMS_SIM_DELAY_SECONDS": "soon"}, id="delay-not-number"),
        pytest.param({"XBORDER_CUSTOMS_SIM_DELAY_SECONDS": "-1"}, id="negative-delay"),
        pytest.param({"XBORDER_CUSTOMS_SIM_HOLD_STATUS": "800"}, id="hold-not-300-or-500"),
    ],
)
def test_invalid_settings_raise_a_stable_code(environ):
    with pytest.raises(CustomsError) as caught:
        SimulatorConfig.from_environment(environ)

    assert caught.value.code == errors.SIMULATOR_CONFIG_INVALID
