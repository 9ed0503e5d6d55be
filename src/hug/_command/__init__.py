"""The `hug` command: a module per subcommand, the -f/-m source, and the servers behind serve."""
