"""OpenAPI 3.1 for hug APIs: a document generated from the route plans, and the pages serving it."""
