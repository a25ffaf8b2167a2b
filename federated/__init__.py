"""Federated and split learning engines (in-process by default, Flower for scale-out).

Framework modules know nothing of NSL-KDD, HTTP or the console: ``weights``, ``partition``,
``strategies``, ``dp``, ``client``, ``engine``, ``split``, ``hetlora``, ``registry``. Apps wire
them to TinyLarge: ``problem`` (the contract every app implements), ``apps.detector`` (site clients),
``apps.intent`` (the node intent classifier), ``apps.hetlora`` (hub adapter at edge sites), ``launch``
(JobSpec -> engine), ``jobs`` (background job runner, deployment to node agents), ``flower`` (the same
job under Flower). The ``tinylarge learn`` commands are in :mod:`app.learning`.
"""
