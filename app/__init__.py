"""Front ends: the tinylarge command line and the demo, above every engine."""
