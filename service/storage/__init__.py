"""Storage of articles and their extractions: SQLite by default, PostgreSQL when DATABASE_URL says so."""
