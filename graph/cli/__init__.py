"""The ``newsgraph`` command line: options (``app``), what commands do (``commands``),
its reference (``docs``) and talking to a running server (``remote``)."""
