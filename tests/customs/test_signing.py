"""Enveloped XMLDSig on CEB621/623/625: signs, verifies, and detects tampering."""

import pytest
from cryptography import x509
from lxml import etree

from tests.customs import samples
from tests.customs.xmlutil import find, root_of, text, to_bytes
from xborder.customs import errors
from xborder.customs.errors import MessageBuildError, SignatureError
from xborder.customs.messages import (
    CancelDraft,
    MessageSigner,
    RefundDraft,
    TestKeyPair,
    TestKeySigner,
    XmlDsigVerifier,
    build_cancel_message,
    build_inventory_message,
    build_order_message,
    build_refund_message,
)
from xborder.customs.messages.signing import TEST_CERT_SUBJECT


def _signed_inventory(signer) -> etree._Element:
    return root_of(build_inventory_message(samples.inventory(), context=samples.context(), signer=signer).xml)


def test_signature_uses_c14n_enveloped_transform_and_rsa_sha256(signer):
    root = _signed_inventory(signer)

    assert find(root, "ds:Signature/ds:SignedInfo/ds:CanonicalizationMethod").get("Algorithm") == (
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    )
    assert find(root, "ds:Signature/ds:SignedInfo/ds:SignatureMethod").get("Algorithm").endswith("rsa-sha256")
    transforms = root.findall(".//{http://www.w3.org/2000/09/xmldsig#}Transform")
    assert transforms[0].get("Algorithm") == "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    assert find(root, "ds:Signature/ds:SignedInfo/ds:Reference").get("URI") == ""


def test_a_signed_inventory_verifies_with_the_signers_certificate(signer, verifier):
    verifier.verify(_signed_inventory(signer))


def test_a_signed_message_verifies_after_serialisation_and_reparse(signer, verifier):
    built = build_inventory_message(samples.inventory(), context=samples.context(), signer=signer)

    verifier.verify(etree.fromstring(built.xml))


def test_embedded_certificate_verifies_integrity_without_a_trusted_certificate(signer):
    XmlDsigVerifier().verify(_signed_inventory(signer))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param("ceb:Inventory/ceb:InventoryHead/ceb:buyerIdNumber", samples.OTHER_ID, id="buyer-id"),
        pytest.param("ceb:Inventory/ceb:InventoryList/ceb:totalPrice", "39.60", id="line-total"),
        pytest.param("ceb:Inventory/ceb:InventoryHead/ceb:freight", "0", id="freight"),
    ],
)
def test_changing_a_signed_value_breaks_the_signature(signer, verifier, path, value):
    root = _signed_inventory(signer)
    find(root, path).text = value

    with pytest.raises(SignatureError) as caught:
        verifier.verify(root)

    assert caught.value.code == errors.SIGNATURE_INVALID


def test_a_signature_from_another_key_does_not_verify(verifier):
    stranger = TestKeySigner(TestKeyPair.generate())

    with pytest.raises(SignatureError) as caught:
        verifier.verify(_signed_inventory(stranger))

    assert caught.value.code == errors.SIGNATURE_INVALID


def test_an_unsigned_message_is_reported_as_missing_a_signature(verifier):
    root = root_of(build_order_message(samples.order(), context=samples.context()).xml)

    with pytest.raises(SignatureError) as caught:
        verifier.verify(root)

    assert caught.value.code == errors.SIGNATURE_MISSING


def test_signature_without_certificate_is_invalid_for_the_embedded_cert_verifier(signer):
    root = _signed_inventory(signer)
    key_info = find(root, "ds:Signature/ds:KeyInfo")
    key_info.getparent().remove(key_info)

    with pytest.raises(SignatureError) as caught:
        XmlDsigVerifier().verify(etree.fromstring(to_bytes(root)))

    assert caught.value.code == errors.SIGNATURE_INVALID


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(
            lambda signer: build_inventory_message(samples.inventory(), context=samples.context(), signer=signer),
            id="CEB621",
        ),
        pytest.param(
            lambda signer: build_cancel_message(
                CancelDraft.for_inventory(samples.inventory(), invt_no="29242026I000000001", reason="取消"),
                context=samples.context(),
                signer=signer,
            ),
            id="CEB623",
        ),
        pytest.param(
            lambda signer: build_refund_message(
                RefundDraft.for_inventory(samples.inventory(), invt_no="29242026I000000001", reason="退货"),
                context=samples.context(),
                signer=signer,
            ),
            id="CEB625",
        ),
    ],
)
def test_declared_signed_types_refuse_to_build_without_a_signer(build):
    with pytest.raises(MessageBuildError) as caught:
        build(None)

    assert caught.value.code == errors.SIGNATURE_REQUIRED


def test_any_object_with_a_sign_method_plugs_in_as_signer(signer):
    class DeviceCertificateSigner:
        """Stands in for an SM2 signer: the builders only call ``sign``."""

        calls = 0

        def sign(self, root):
            DeviceCertificateSigner.calls += 1
            return signer.sign(root)

    device = DeviceCertificateSigner()
    assert isinstance(device, MessageSigner)

    build_inventory_message(samples.inventory(), context=samples.context(), signer=device)

    assert DeviceCertificateSigner.calls == 1


def test_test_key_pair_is_created_once_and_then_loaded(tmp_path):
    first = TestKeyPair.load_or_create(tmp_path / "keys")
    second = TestKeyPair.load_or_create(tmp_path / "keys")

    assert first == second
    assert (tmp_path / "keys" / "customs-test-key.pem").stat().st_mode & 0o077 == 0
    assert TEST_CERT_SUBJECT in x509.load_pem_x509_certificate(first.certificate_pem).subject.rfc4514_string()


def test_test_key_directory_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("XBORDER_CUSTOMS_TEST_KEY_DIR", str(tmp_path / "env-keys"))

    TestKeyPair.load_or_create()

    assert (tmp_path / "env-keys" / "customs-test-cert.pem").exists()


def test_an_unwritable_key_directory_is_a_domain_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")

    with pytest.raises(SignatureError) as caught:
        TestKeyPair.load_or_create(blocker / "keys")

    assert caught.value.code == errors.TEST_KEY_UNAVAILABLE


def test_signed_messages_still_name_the_order(signer):
    assert text(_signed_inventory(signer), "ceb:Inventory/ceb:InventoryHead/ceb:orderNo") == "XB2026031400001"
