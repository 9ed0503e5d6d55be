"""The session stores behind the public `hug.store` module: in memory, and Redis."""
