"""Fixtures of the customs tests: one test key pair per session (generated in memory)."""

import pytest

from xborder.customs.messages import TestKeyPair, TestKeySigner, XmlDsigVerifier


@pytest.fixture(scope="session")
def key_pair() -> TestKeyPair:
    return TestKeyPair.generate()


@pytest.fixture(scope="session")
def signer(key_pair) -> TestKeySigner:
    return TestKeySigner(key_pair)


@pytest.fixture(scope="session")
def verifier(key_pair) -> XmlDsigVerifier:
    return XmlDsigVerifier(key_pair.certificate_pem)
