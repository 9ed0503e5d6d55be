"""The HTTP adapter: everything that touches Falcon lives in this package."""
