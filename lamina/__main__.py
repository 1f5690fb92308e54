"""`python -m lamina [ARGS]`: the same as the `lamina` command and `python main.py`."""

import sys

from main import main

sys.exit(main())
