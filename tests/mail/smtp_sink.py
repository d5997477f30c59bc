"""An SMTP sink for tests/mail.rs: STARTTLS required, AUTH required (one test user), every
accepted message saved as NNNN.eml in the spool folder.

Usage: python3 smtp_sink.py PORT SPOOL CERT KEY [implicit]   (password in SINK_PASSWORD)
With `implicit`, TLS from the first byte (as on port 465) instead of STARTTLS.
"""
import os
import pathlib
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, spool, cert, key = int(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]
implicit = sys.argv[5:] == ["implicit"]
password = os.environ["SINK_PASSWORD"].encode()
lock = threading.Lock()


class Handler:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        with lock:
            Handler.count += 1
            path = spool / f"{Handler.count:04d}.eml"
        tmp = path.with_suffix(".part")
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(path)
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == b"gk@example.gov.cn"
        and auth_data.password == password
    )
    return AuthResult(success=ok, handled=False)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
# aiosmtpd does not count implicit TLS as TLS for auth_require_tls, so only STARTTLS asks it.
if implicit:
    tls = {"ssl_context": context, "auth_require_tls": False}
else:
    tls = {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
controller = Controller(
    Handler(),
    hostname="127.0.0.1",
    port=port,
    authenticator=authenticator,
    auth_required=True,
    **tls,
)
controller.start()
threading.Event().wait()
