"""The desk's multi-screen workflows, one coroutine each, run as workers on the app.

Each flow reads top to bottom: ask a screen (``await ask(app, Screen(...))``), call a
service off the event loop (``await on_desk(app, service, ...)``), say what happened.
``SophdeskApp`` only starts them (``app.start_flow``)."""
