"""hug-authentication-ldap 1.0.3: HTTP basic authentication checked by binding to a real slapd.

The package's `verify()` has `authentication=ldap3.AUTH_SIMPLE` as a default; ldap3 renamed it
SIMPLE in 2.x, and no ldap3 that still has it imports on Python 3.10+ (`collections.
MutableMapping`), so the test restores that one alias before importing the package.
"""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.extensions.conftest import free_port, require, require_binary, stop, wait_for_port

import hug

ldap3 = require("ldap3", "ldap3 (for hug-authentication-ldap)")
if not hasattr(ldap3, "AUTH_SIMPLE"):
    ldap3.AUTH_SIMPLE = ldap3.SIMPLE
hug_ldap = require("hug_authentication_ldap", "hug-authentication-ldap")

SUFFIX = "dc=example,dc=org"
CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {root}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "cn=admin,{suffix}"
rootpw {password}
directory {root}/db
"""
ENTRIES = """\
dn: {suffix}
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ou=people,{suffix}
objectClass: organizationalUnit
ou: people

dn: uid=alice,ou=people,{suffix}
objectClass: inetOrgPerson
uid: alice
cn: Alice
sn: Liddell
userPassword: wonderland
"""


@pytest.fixture(scope="module")
def ldap_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """slapd (Debian's) with one user, on a free loopback port; stopped by PID afterwards."""
    slapd = require_binary("slapd", "slapd")
    slapadd = require_binary("slapadd", "slapd")
    root = tmp_path_factory.mktemp("slapd")
    (root / "db").mkdir()
    config = root / "slapd.conf"
    config.write_text(CONFIG.format(root=root, suffix=SUFFIX, password="admin-secret"))
    ldif = root / "entries.ldif"
    ldif.write_text(ENTRIES.format(suffix=SUFFIX))
    subprocess.run([slapadd, "-f", str(config), "-l", str(ldif)], check=True, capture_output=True)
    port = free_port()
    url = f"ldap://127.0.0.1:{port}"
    log = open(Path(root) / "slapd.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [slapd, "-f", str(config), "-h", f"{url}/", "-d", "0"], stdout=log, stderr=log
    )
    try:
        wait_for_port(process, port)
        yield url
    finally:
        stop(process)
        log.close()


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_basic_authentication_against_slapd(http, api, ldap_url):
    authentication = hug_ldap.basic(ldap_url, user_template=f"uid={{user_name}},ou=people,{SUFFIX}")

    @hug.get("/me", api=api, requires=authentication)
    def me(user: hug.directives.user):
        user.connection.unbind()
        return {"name": user.name}

    assert http.get(api, "/me", headers=basic("alice", "wonderland")).data == {"name": "alice"}
    for user, password in (("alice", "wrong"), ("bob", "wonderland")):
        refused = http.get(api, "/me", headers=basic(user, password))
        assert refused.status == "401 Unauthorized"
    anonymous = http.get(api, "/me")
    assert anonymous.status == "401 Unauthorized"
    assert anonymous.headers_dict["www-authenticate"] == 'basic realm="simple"'
