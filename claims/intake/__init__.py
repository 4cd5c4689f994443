"""Taking articles in: drafting claims files from article text, matching speakers, editing and reviewing files."""
