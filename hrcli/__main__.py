"""`python -m hrcli` runs the command line."""

import sys

from hrcli.cli import main

sys.exit(main())
