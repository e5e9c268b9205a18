"""eventwire: political event data from news text, offline."""

from .errors import EventwireError, InputError
from .records import Article, Document

__all__ = ["Article", "Document", "EventwireError", "InputError", "__version__"]
__version__ = "0.1.0"
