"""Service core: settings."""
