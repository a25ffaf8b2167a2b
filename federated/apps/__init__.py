"""Federated apps: each wires a model and its site data to the engines as a :class:`federated.problem.Problem`."""
