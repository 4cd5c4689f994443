"""The corpus of files: the models of seed files, reading and writing their YAML, checking them, and walking them."""
