"""Signing of declarations (REGULATION §6.2): a pluggable :class:`MessageSigner` and a verifier.

The standard wants an enveloped XMLDSig with C14N 1.0 and an SM2-SM3 device certificate (RSA-SHA1
is also accepted). xborder ships :class:`TestKeySigner`, an RSA-SHA256 / SHA-256 signer (the closest
to the standard that signxml supports without SHA-1) over a self-signed **test-only** certificate.
A device-certificate signer plugs in by implementing :class:`MessageSigner`: builders only call
``sign(root)`` and the schema accepts any algorithm URI in ``ds:Signature``.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography import exceptions as crypto_exceptions
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import (
    CanonicalizationMethod,
    DigestAlgorithm,
    SignatureConfiguration,
    SignatureMethod,
    XMLSigner,
    XMLVerifier,
)
from signxml.exceptions import SignXMLException

from xborder.customs import errors
from xborder.customs.errors import SignatureError
from xborder.customs.messages.fields import DS_NS

TEST_KEY_DIR_ENV = "XBORDER_CUSTOMS_TEST_KEY_DIR"
TEST_CERT_SUBJECT = "xborder customs TEST KEY - not a customs device certificate"
_KEY_FILE = "customs-test-key.pem"
_CERT_FILE = "customs-test-cert.pem"
_C14N = CanonicalizationMethod.CANONICAL_XML_1_0


@runtime_checkable
class MessageSigner(Protocol):
    """Signs a built message in place of the e-port client: returns the root with ``ds:Signature`` last."""

    def sign(self, root: etree._Element) -> etree._Element:
        """Return ``root`` (or a copy) with an enveloped signature appended as its last child."""
        ...


@runtime_checkable
class MessageVerifier(Protocol):
    """Checks the enveloped signature of a received message."""

    def verify(self, root: etree._Element) -> None:
        """Raise ``SignatureError`` unless ``root`` carries a valid signature over the whole message."""
        ...


@dataclass(frozen=True)
class TestKeyPair:
    """A self-signed RSA key pair for signing in development and tests. **Never a real certificate.**"""

    __test__ = False  # not a pytest test class despite the name

    private_key_pem: bytes
    certificate_pem: bytes

    @classmethod
    def generate(cls) -> TestKeyPair:
        """A fresh 2048-bit RSA key and a self-signed certificate valid for ten years."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, TEST_CERT_SUBJECT)])
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        return cls(
            private_key_pem=key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
            certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
        )

    @classmethod
    def load_or_create(cls, directory: Path | str | None = None) -> TestKeyPair:
        """Load the pair from ``directory`` (default: ``$XBORDER_CUSTOMS_TEST_KEY_DIR`` or a temp
        folder), generating and storing it on first use."""
        folder = Path(directory or os.environ.get(TEST_KEY_DIR_ENV) or _default_key_dir())
        key_path, cert_path = folder / _KEY_FILE, folder / _CERT_FILE
        try:
            if key_path.exists() and cert_path.exists():
                return cls(private_key_pem=key_path.read_bytes(), certificate_pem=cert_path.read_bytes())
            pair = cls.generate()
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(key_path, pair.private_key_pem, mode=0o600)
            _write_atomically(cert_path, pair.certificate_pem, mode=0o644)
        except OSError as exc:
            raise SignatureError(
                code=errors.TEST_KEY_UNAVAILABLE, message=f"cannot load or store the test key in {folder}: {exc}"
            ) from None
        return pair


class TestKeySigner:
    """Enveloped XMLDSig, C14N 1.0, RSA-SHA256 with a :class:`TestKeyPair`; the certificate is in KeyInfo."""

    __test__ = False  # not a pytest test class despite the name

    def __init__(self, key_pair: TestKeyPair) -> None:
        # Loading (and validating) an RSA key costs ~80 ms: do it once, not per message.
        self._key = serialization.load_pem_private_key(key_pair.private_key_pem, password=None)
        self._certificate = [x509.load_pem_x509_certificate(key_pair.certificate_pem)]
        self._signer = XMLSigner(
            signature_algorithm=SignatureMethod.RSA_SHA256,
            digest_algorithm=DigestAlgorithm.SHA256,
            c14n_algorithm=_C14N,
        )

    def sign(self, root: etree._Element) -> etree._Element:
        """Sign the whole message (enveloped, reference URI ``""``) and return the signed root."""
        try:
            return self._signer.sign(
                root,
                key=self._key,
                cert=self._certificate,
            )
        except (SignXMLException, ValueError) as exc:
            raise SignatureError(code=errors.SIGNING_FAILED, message=f"could not sign: {exc}") from None

    @classmethod
    def load_or_create(cls, directory: Path | str | None = None) -> TestKeySigner:
        """A signer over :meth:`TestKeyPair.load_or_create` (the development default)."""
        return cls(TestKeyPair.load_or_create(directory))


class XmlDsigVerifier:
    """Verifies an enveloped RSA/ECDSA XMLDSig.

    With ``certificate_pem`` the signature must come from that certificate; without it the
    certificate embedded in ``KeyInfo`` is used, which proves integrity but not identity (this is
    what the simulator does: real customs checks the device-certificate registry).
    """

    def __init__(self, certificate_pem: bytes | None = None) -> None:
        self._certificate_pem = certificate_pem
        self._config = SignatureConfiguration(
            require_x509=True,
            default_reference_c14n_method=_C14N,
        )

    def verify(self, root: etree._Element) -> None:
        """Raise ``SignatureError`` (``signature_missing`` / ``signature_invalid``) unless valid."""
        signature = root.find(f"{{{DS_NS}}}Signature")
        if signature is None:
            raise SignatureError(code=errors.SIGNATURE_MISSING, message="message carries no ds:Signature")
        certificate = self._certificate_pem or _embedded_certificate(signature)
        try:
            result = XMLVerifier().verify(root, x509_cert=certificate.decode("ascii"), expect_config=self._config)
        except (SignXMLException, crypto_exceptions.InvalidSignature, ValueError) as exc:
            raise SignatureError(code=errors.SIGNATURE_INVALID, message=f"signature does not verify: {exc}") from None
        if etree.QName(result.signed_xml).text != etree.QName(root).text:
            raise SignatureError(code=errors.SIGNATURE_INVALID, message="signature does not cover the whole message")


def _embedded_certificate(signature: etree._Element) -> bytes:
    element = signature.find(f".//{{{DS_NS}}}X509Certificate")
    if element is None or not (element.text or "").strip():
        raise SignatureError(code=errors.SIGNATURE_INVALID, message="ds:Signature has no X509Certificate")
    body = "".join((element.text or "").split())
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return ("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n").encode()


def _default_key_dir() -> Path:
    return Path(tempfile.gettempdir()) / "xborder-customs-test-keys"


def _write_atomically(path: Path, data: bytes, *, mode: int) -> None:
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.chmod(mode)
    temporary.replace(path)
