"""A fake Slack: a Web API server on a free local port, and signed requests shaped like Slack's."""

from fake_slack.server import FakeSlack, RecordedCall
from fake_slack.signing import sign_request, signed_headers

__all__ = ["FakeSlack", "RecordedCall", "sign_request", "signed_headers"]
