"""A software platform authenticator for integration tests of fingerprint login.

It answers the server's options the way a phone does (ES256, "none" attestation, user
verified), and lets a test break one thing at a time: a flag, the origin, the counter,
the signature, the user handle.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

UP, UV, BE, BS, AT = 0x01, 0x04, 0x08, 0x10, 0x40


def b64(data: bytes) -> str:
    return bytes_to_base64url(data)


@dataclass
class SoftAuthenticator:
    rp_id: str = "localhost"
    origin: str = "http://localhost:5000"
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    credential_id: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    user_handle: bytes | None = None
    sign_count: int = 0
    counts: bool = True  # False: a synced passkey that always reports 0

    def cose_public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def _auth_data(self, flags: int, count: int, attested: bool, rp_id: str | None) -> bytes:
        data = hashlib.sha256((rp_id or self.rp_id).encode()).digest() + bytes([flags]) + count.to_bytes(4, "big")
        if attested:
            data += bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id + self.cose_public_key()
        return data

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin,
                           "crossOrigin": False}).encode()

    def create(self, options: dict, *, flags: int = UP | UV | BE, origin: str | None = None,
               attachment: str = "platform", rp_id: str | None = None) -> dict:
        """The JSON a browser's `credential.toJSON()` gives after navigator.credentials.create()."""
        self.user_handle = base64url_to_bytes(options["user"]["id"])
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        auth_data = self._auth_data(flags | AT, self.sign_count, True, rp_id)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64(self.credential_id), "rawId": b64(self.credential_id), "type": "public-key",
            "authenticatorAttachment": attachment, "clientExtensionResults": {},
            "response": {"clientDataJSON": b64(client_data), "attestationObject": b64(attestation),
                         "transports": ["internal", "hybrid"]},
        }

    def get(self, options: dict, *, flags: int = UP | UV | BE, origin: str | None = None,
            count: int | None = None, user_handle: bytes | None = None, bogus_signature: bool = False,
            rp_id: str | None = None) -> dict:
        """The JSON after navigator.credentials.get(); the counter moves on by one."""
        if count is None:
            if self.counts:
                self.sign_count += 1
            count = self.sign_count if self.counts else 0
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        auth_data = self._auth_data(flags, count, False, rp_id)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        if bogus_signature:
            signature = signature[:-1] + bytes([signature[-1] ^ 0x01])
        handle = user_handle if user_handle is not None else self.user_handle
        return {
            "id": b64(self.credential_id), "rawId": b64(self.credential_id), "type": "public-key",
            "authenticatorAttachment": "platform", "clientExtensionResults": {},
            "response": {"clientDataJSON": b64(client_data), "authenticatorData": b64(auth_data),
                         "signature": b64(signature), "userHandle": b64(handle) if handle else None},
        }
