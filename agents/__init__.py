"""Agents: the hub agent and the node agents to come (learning jobs run in :mod:`federated.jobs`)."""
