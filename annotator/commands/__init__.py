"""One module per CLI subcommand; each defines register(subparsers) and sets func to a function(args) -> int."""
