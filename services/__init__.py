"""Use cases: the only writers of the database. Each takes the acting user and checks permission itself."""
