"""Where triages, feedback and Slack bookkeeping are kept."""
