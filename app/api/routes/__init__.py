"""One router per area of the API; :func:`app.api.create_app` includes them all."""
