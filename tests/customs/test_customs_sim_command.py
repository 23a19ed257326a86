"""``python -m xborder customs-sim`` starts the simulator as a separate HTTP service."""

import subprocess
import sys

import httpx


def test_customs_sim_command_serves_over_http():
    process = subprocess.Popen(
        [sys.executable, "-m", "xborder", "customs-sim", "--port", "0", "--lifetime", "20"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        assert "customs simulator listening on http://127.0.0.1:" in first_line
        url = first_line.split(" on ")[1].strip()
        response = httpx.post(f"{url}/ceb", content=b"<garbage", timeout=5)
        assert response.status_code == 400
        assert b"CEB900" in response.content
    finally:
        process.terminate()
        process.wait(timeout=10)
