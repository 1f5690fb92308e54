"""`python -m lamina` runs Lamina as the `lamina` command does (main.py holds the program)."""
