"""HTTP API: dependencies, routers and their collection."""
