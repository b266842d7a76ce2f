"""The browser page (gradio), at the edge: it calls the bank, the index, interviews and speech, never the reverse.

gradio is imported only when the page is built, so importing this package stays cheap.
"""

from interviewer.web.app import create_app
from interviewer.web.server import main, prepare_index, serve

__all__ = ["create_app", "main", "prepare_index", "serve"]
