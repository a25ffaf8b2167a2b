"""Drivers apply policy sets to a network, behind one small NAPALM-style interface."""
from .base import NetworkDriver
from .twin import TwinDriver

__all__ = ["NetworkDriver", "TwinDriver"]
