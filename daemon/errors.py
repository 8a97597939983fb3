"""Yomitori's exceptions.

Every message is written for a ward operator: it says what happened and what to do.
The quarantine report (`error.json`) and the command line show these messages as they are,
so they never carry OCR text, field values or original file names.
"""


class YomitoriError(Exception):
    """Base of every error Yomitori raises on purpose."""


class ConfigError(YomitoriError):
    """The configuration cannot be used; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class InputError(YomitoriError):
    """A scan cannot be processed, and trying again will not help (it goes to quarantine)."""


class UnsupportedInput(InputError):
    """The file's content is not a format Yomitori reads, or it is damaged."""


class InputTooLarge(InputError):
    """The file exceeds a configured limit (bytes, pages or pixels)."""


class LedgerError(YomitoriError):
    """The ledger cannot be read, written or verified."""


class InfrastructureError(YomitoriError):
    """Something the installation provides is failing for now (outbox full or unwritable,
    ledger or broker unavailable): not the scan's fault. The job is tried again with
    growing delays and no attempt limit, and never quarantined for it."""


class OutboxUnavailable(InfrastructureError):
    """A department's outbox is full, missing or not writable."""


class SpoolUnavailable(InfrastructureError):
    """The spool cannot be written (full, read-only or wrong permissions)."""


class JobBusy(InfrastructureError):
    """Another worker holds this job's lock (a redelivery while the job still runs); the
    delivery is tried again later."""


class LedgerUnavailable(LedgerError, InfrastructureError):
    """The ledger cannot be written now (a full or unwritable disk): an infrastructure
    failure. Nothing was written, and the same append succeeds once the disk is fixed, so
    the work is retried later, never quarantined. A forged or damaged ledger is a plain
    `LedgerError` instead: retrying cannot help there."""


class BrokerUnavailable(InfrastructureError):
    """The message broker cannot be reached."""
