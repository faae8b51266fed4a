"""Every error imrparse raises on purpose. Catch ImrParseError to catch them all."""

from __future__ import annotations

import errno


class ImrParseError(Exception):
    """Base class: the input could not be turned into a record.

    ``str(err)`` is one line that names the problem; ``err.source`` names the input when known.
    """

    exit_code = 1

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class UnreadableInput(ImrParseError):
    """The input could not be read at all (missing file, permission, a directory)."""

    exit_code = 10


class NotAnImrLetter(ImrParseError):
    """The input is readable but is not an IMR final determination letter."""

    exit_code = 3


class UnrecognisedInput(NotAnImrLetter):
    """No installed layout claims the input. A batch run skips it as "not a letter"."""


class UnknownFormat(ImrParseError):
    """``format=`` names no installed layout plugin."""

    exit_code = 4


class DamagedDocument(ImrParseError):
    """The bytes cannot be decoded or the document structure is broken."""

    exit_code = 5


class EncryptedDocument(ImrParseError):
    """The document is encrypted (a password-protected PDF)."""

    exit_code = 6


class NoTextLayer(ImrParseError):
    """A scanned PDF with no text to read; OCR is not supported."""

    exit_code = 7


class InputTooLarge(ImrParseError):
    """The input exceeds a configured limit (bytes or pages)."""

    exit_code = 8


class ParseTimeout(ImrParseError):
    """Parsing took longer than the configured time limit."""

    exit_code = 9


class MissingDependency(ImrParseError, ImportError):
    """An optional library (pyarrow, pandas) is needed for what was asked and is not installed."""

    exit_code = 11

    def __init__(self, message: str, source: str | None = None) -> None:
        ImrParseError.__init__(self, message, source)


class BadOutput(ImrParseError):
    """A batch output file exists but is not one imrparse wrote with the same columns."""

    exit_code = 12


class UsageError(ImrParseError):
    """A batch run was asked for something it must refuse before touching any file: no input,
    ``--failures`` naming the output or an input, an output another run is writing."""

    exit_code = 2


class OutputError(ImrParseError):
    """Writing a batch output failed on the operating system's side. What was written before
    stays whole, so rerunning the same command resumes. Subclasses give each cause its code."""

    exit_code = 13


class OutputPermissionDenied(OutputError):
    """EACCES / EPERM: no permission to write the output or its folder."""

    exit_code = 14


class OutputReadOnly(OutputError):
    """EROFS: the output is on a read-only file system."""

    exit_code = 15


class OutputDiskFull(OutputError):
    """ENOSPC / EDQUOT: the disk (or quota) is full."""

    exit_code = 16


class OutputIsADirectory(OutputError):
    """EISDIR: the output names a directory."""

    exit_code = 17


class OutputNotADirectory(OutputError):
    """ENOTDIR: a folder in the output's path is a file."""

    exit_code = 18


_OUTPUT_ERRORS: dict[int, type[OutputError]] = {
    errno.EACCES: OutputPermissionDenied,
    errno.EPERM: OutputPermissionDenied,
    errno.EROFS: OutputReadOnly,
    errno.ENOSPC: OutputDiskFull,
    errno.EDQUOT: OutputDiskFull,
    errno.EISDIR: OutputIsADirectory,
    errno.ENOTDIR: OutputNotADirectory,
}


def output_error(err: OSError, path: str, *, resumable: bool = True) -> OutputError:
    """The typed error for an OS error met while writing ``path`` (a batch output when
    ``resumable``, else e.g. the stdout of ``imrparse parse``)."""
    cls = _OUTPUT_ERRORS.get(err.errno or 0, OutputError)
    code = errno.errorcode.get(err.errno or 0, "")
    reason = f"{err.strerror or err} ({code})" if code else str(err.strerror or err)
    after = "; what was written before is kept, a rerun resumes" if resumable else ""
    return cls(f"cannot write: {reason}{after}", path)


class InternalError(ImrParseError):
    """An unexpected exception in imrparse or a plugin (a bug), or a worker process that died.

    Only batch runs report it as data, so one bug cannot stop a run of many letters.
    """

    exit_code = 70
