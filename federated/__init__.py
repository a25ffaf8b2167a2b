"""Federated and split learning engines (in-process by default, Flower for scale-out).

Framework modules know nothing of NSL-KDD, HTTP or the console: ``weights``, ``partition``,
``strategies``, ``dp``, ``client``, ``engine``, ``split``, ``hetlora``, ``registry``. Apps wire
them to TinyLarge: ``detector_app`` (site clients), ``hetlora_app`` (hub adapter at edge sites),
``launch`` (JobSpec -> engine), ``flower_app`` (the same job under Flower), ``cli``.
"""
