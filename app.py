"""Serve the interviewer page: ``python app.py [--host HOST] [--port PORT] [--share] [--auth USER:PASSWORD] [--bank PATH]``."""

import sys

from interviewer.web import main

if __name__ == "__main__":
    sys.exit(main())
