"""The Slack side of mailhelp: app factory, listeners, middleware, HTTP and Socket Mode."""
