"""The build: the table spec, and the SQLite database made from the checked corpus."""
