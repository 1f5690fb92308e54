"""The engine's edges to files and text: design files, the results as JSON, CSV and a table."""
