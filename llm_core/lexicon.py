"""Words the language side adds to the network's vocabulary (:mod:`netmodel.vocabulary`): named
application protocols, which the compact form writes as ``proto=ssh`` and the decoder turns into
the IR's protocol and port."""
from __future__ import annotations

import re

APP_PORTS: dict[str, tuple[str, int]] = {
    "ssh": ("tcp", 22), "telnet": ("tcp", 23), "https": ("tcp", 443), "dns": ("udp", 53),
    "http": ("tcp", 80), "ftp": ("tcp", 21), "smtp": ("tcp", 25), "rdp": ("tcp", 3389),
    "snmp": ("udp", 161), "ntp": ("udp", 123), "mqtt": ("tcp", 1883),
}
"""Named services and their (protocol, port), per the IR conventions (ssh, telnet, https, dns) and IANA."""
SERVICE_WORD = re.compile(r"\b(" + "|".join(APP_PORTS) + r")\b", re.I)
"""A service named by its application in a text ("block RDP", "; ditto for telnet")."""
