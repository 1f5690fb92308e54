"""Lamina's command line: `python -m lamina` runs it as the `lamina` command and `python main.py`
do (main.py builds the parser and opens the window); cli_common.py, cli_studies.py and
cli_exchange.py hold the headless subcommands."""
