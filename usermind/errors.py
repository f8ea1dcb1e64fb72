"""Exceptions that carry a one-line, user-facing message.

The CLI prints ``str(exc)`` for any :class:`UsermindError` and exits non-zero; nothing
else in the package should need a traceback to be understood.
"""


class UsermindError(Exception):
    """Base class: the message is a complete sentence naming the problem."""


class ConfigError(UsermindError):
    """An invalid setting, user id, path or home folder."""


class ModelError(UsermindError):
    """An LLM or embedding model could not be found, loaded or called."""


class StructuredOutputError(ModelError):
    """The model did not return output matching the requested schema, even after repair."""


class ScoringUnsupportedError(ModelError):
    """The provider behind a model string does not return token log-probabilities."""


class DataFileError(UsermindError):
    """A benchmark or import file is missing or not in the expected format."""


class StorageError(UsermindError):
    """The database could not be opened, migrated, read or written (locked, damaged, too new)."""


class DatabaseUnavailable(StorageError):
    """The database cannot be used at all (unreachable, refused login, missing extension, schema newer
    than this package); nothing was written.  The CLI exits with code 2."""

    exit_code = 2
