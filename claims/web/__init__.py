"""The web: the Datasette plugin, pages, facets, exports and the server that publishes the database read-only."""
