"""The mailhelp command line: one module per command, each with add_command(subparsers)."""
