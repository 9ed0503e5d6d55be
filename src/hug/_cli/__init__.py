"""The command-line interface: commands built from route plans, and an API's command group."""
