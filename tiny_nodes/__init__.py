"""TinyML: what runs on the node (numpy only: quantised models, detectors, the tiny intent classifier,
NSL-KDD preprocessing, MCU export, the node agent) and, in :mod:`tiny_nodes.training`, what builds the models.

API note (for the federated / agents packages):
- ``nslkdd.load_split("train"|"test"|"test21", root=None) -> (X float32, y_binary int64, y_family int64)``;
  ``nslkdd.load_raw(name)`` gives the raw 41-field rows + labels; ``nslkdd.Preprocessor`` (fit / transform /
  to_dict / from_dict) turns raw rows into model inputs and raises ``nslkdd.InputError`` on bad rows.
- ``training.detector.build_mlp(in_dim, hidden, n_out) -> nn.Sequential`` of Linear/ReLU blocks; detectors use
  ``n_out = 1 + n_classes`` (col 0 = attack logit, cols 1.. = class logits, class 0 = normal);
  ``training.detector.split_after_block(model, k)`` cuts it for split learning; ``training.detector.train(X, yb, yc, cfg)``,
  ``training.detector.evaluate(model, X, yb, yc) -> {accuracy, f1, auc, class_accuracy, class_macro_f1}``.
- ``runtime.NodeAgent.default(node)``: ``observe(features)`` / ``observe_snapshot(snap)`` -> ``Alarm | None``,
  ``inspect_flows(rows)``, ``classify(texts)`` (cascade), ``load_weights(slot, QuantizedMLP | path)`` (versioned);
  hub side, ``training.quantize.pack_for_node(torch_model, like=old_qmodel, calib=X)`` makes the next version.
- ``tiny_nodes.training`` may import torch, onnx and sklearn; every other module (``runtime``, ``deployed``,
  ``intent``, ``qmodel``, ``nslkdd``, ``export_c``) is numpy-only, checked by ``tests/test_tiny_runtime.py``.
"""
