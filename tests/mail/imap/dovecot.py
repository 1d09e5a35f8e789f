"""A throwaway Dovecot IMAP server on a loopback port (Debian's ``dovecot-imapd``).

Everything lives in a temporary directory: the configuration (no system configuration is
read), a passwd-file for users and passwords, maildirs, sockets and the log. No
privileged port, no TLS (the poller's TLS paths are the standard library's). As root,
Dovecot runs its processes as the package's own unprivileged users, which own the mail;
otherwise everything runs as the current user.

XOAUTH2 logins are checked by Dovecot's oauth2 passdb against a token endpoint served
here (a few lines of ``http.server``), which knows the tokens ``issue_token`` made."""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import parse_qs, urlsplit

from imapclient import IMAPClient

SEARCH_PATH = f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin"
DOVECOT = shutil.which("dovecot", path=SEARCH_PATH)
DOVEADM = shutil.which("doveadm", path=SEARCH_PATH)
WITHOUT_IDLE = "imap_capability = IMAP4rev1 SASL-IR LITERAL+ ID ENABLE UIDPLUS\n"
"""A server that does not offer IDLE: clients must poll."""
START_SECONDS = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Dovecot:
    def __init__(self, root: Path, port: int, extra_settings: str = "") -> None:
        self.root = root
        self.port = port
        self._extra_settings = extra_settings
        self._process: subprocess.Popen[bytes] | None = None
        self._users: dict[str, str] = {}
        self._mail_owner, self._login_user = _process_users()
        self._tokens = TokenEndpoint()

    @classmethod
    def started(cls, extra_settings: str = "") -> Self:
        """A new server; ``extra_settings`` are lines added to its configuration."""
        root = Path(tempfile.mkdtemp(prefix="helpdesk-dovecot-"))
        root.chmod(0o755)  # Dovecot's unprivileged processes must reach the maildirs
        server = cls(root, free_port(), extra_settings)
        server._configure()
        server.start()
        return server

    def add_user(self, name: str, password: str) -> None:
        """Dovecot reads the passwd-file again when it changes: no restart needed."""
        self._users[name] = password
        owner = pwd.getpwnam(self._mail_owner)
        lines = [
            f"{user}:{{PLAIN}}{secret}:{owner.pw_uid}:{owner.pw_gid}::{self.root / 'mail' / user}"
            for user, secret in self._users.items()
        ]
        (self.root / "passwd").write_text("\n".join(lines) + "\n")

    def issue_token(self, user: str) -> str:
        """An OAuth 2 access token that lets ``user`` log in with XOAUTH2."""
        return self._tokens.issue(user)

    def append(self, user: str, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver a message into a user's folder, as a mail client or an MTA would."""
        with self.client(user) as imap:
            imap.append(folder, raw)

    def renumber(self, user: str, uid_validity: int, folder: str = "INBOX") -> None:
        """Give a folder a new UIDVALIDITY, as a server does when it rebuilds its index."""
        assert DOVEADM is not None
        subprocess.run(  # noqa: S603  (our own binary and arguments)
            [
                DOVEADM, "-c", str(self.root / "dovecot.conf"), "mailbox", "update",
                "-u", user, "--uid-validity", str(uid_validity), folder,
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def client(self, user: str) -> IMAPClient:
        imap = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        imap.login(user, self._users[user])
        return imap

    def start(self) -> None:
        assert DOVECOT is not None
        log = (self.root / "dovecot.out").open("ab")
        self._process = subprocess.Popen(  # noqa: S603  (our own binary and arguments)
            [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")], stdout=log, stderr=log
        )
        deadline = time.monotonic() + START_SECONDS
        while not self._greets():
            if time.monotonic() > deadline or self._process.poll() is not None:
                raise RuntimeError(f"dovecot did not start; see {self.root / 'dovecot.log'}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def remove(self) -> None:
        self.stop()
        self._tokens.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def _greets(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                return sock.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def _configure(self) -> None:
        mail = self.root / "mail"
        mail.mkdir()
        owner = pwd.getpwnam(self._mail_owner)
        os.chown(mail, owner.pw_uid, owner.pw_gid)
        (self.root / "passwd").write_text("")
        (self.root / "oauth2.conf.ext").write_text(
            OAUTH2_CONFIGURATION.format(tokeninfo_url=self._tokens.url)
        )
        (self.root / "dovecot.conf").write_text(
            CONFIGURATION.format(
                root=self.root,
                port=self.port,
                mail_owner=self._mail_owner,
                login_user=self._login_user,
                first_valid_uid=min(owner.pw_uid, 100),
            )
            + self._extra_settings
        )


def _process_users() -> tuple[str, str]:
    """(who owns the mail and runs internal processes, who runs the login processes)."""
    if os.geteuid() == 0:
        return "dovecot", "dovenull"  # created by the Debian package
    current = pwd.getpwuid(os.geteuid()).pw_name
    return current, current


CONFIGURATION = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
auth_failure_delay = 0
mail_location = maildir:~/Maildir
# IDLE learns of new mail through inotify; where inotify is short (parallel test processes
# share a small per-user limit of instances) Dovecot falls back to looking every 30 s,
# longer than a test waits. Looking every second keeps IDLE prompt either way.
mailbox_idle_check_interval = 1 secs
first_valid_uid = {first_valid_uid}
default_internal_user = {mail_owner}
default_login_user = {login_user}
mail_max_userip_connections = 1000
default_process_limit = 1000
default_client_limit = 4000
passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {root}/oauth2.conf.ext
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  process_min_avail = 1
}}
service anvil {{
  # No growing delay per client address after failed logins: tests log in wrongly on purpose.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""

OAUTH2_CONFIGURATION = """\
tokeninfo_url = {tokeninfo_url}
introspection_mode = auth
username_attribute = username
active_attribute = active
active_value = true
"""


class TokenEndpoint:
    """Answers Dovecot's token lookups (``GET ...?access_token=T``) for issued tokens."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}
        owners = self._owners

        class Lookup(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                token = parse_qs(urlsplit(self.path).query).get("access_token", [""])[0]
                owner = owners.get(token)
                body = json.dumps({"active": True, "username": owner} if owner else {})
                self.send_response(200 if owner else 401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, format: str, *args: object) -> None:
                pass  # Dovecot's log says who logged in

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Lookup)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/tokeninfo?access_token="

    def issue(self, user: str) -> str:
        token = secrets.token_urlsafe(16)
        self._owners[token] = user
        return token

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
