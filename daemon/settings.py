"""Settings: `yomitori.toml` (every key is explained in config/yomitori.example.toml) plus
`YOMITORI_<SECTION>__<KEY>` environment overrides.

`load_settings` reads and type-checks, reporting one line per problem naming the key, so
an operator can fix the file without reading code. What the settings mean on this machine
(folders, overlaps, recipients, templates, the broker) is checked by `daemon.ops.checks`.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from daemon.errors import ConfigError
from daemon.i18n import N_, _, language

DEFAULT_CONFIG = Path("/etc/yomitori/yomitori.toml")
DEPARTMENT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BrokerSettings(_Section):
    url: str = "embedded"
    urls: list[str] = []
    """Further nodes of the same RabbitMQ cluster, amqp(s):// URLs like `url`, tried in
    turn after it when it does not answer (a client-side node list; docs/operations.md)."""
    delivery_limit: int = Field(3, ge=0, le=100)
    """Retries after the first attempt before a job is dead-lettered to quarantine."""
    heartbeat: int = Field(60, ge=0)
    """AMQP heartbeat, seconds."""
    prefix: str = Field("yomitori", pattern=r"^[A-Za-z0-9_.-]{1,100}$")
    """Prefix of the RabbitMQ queue and exchange names (`<prefix>.ocr`, …)."""
    retry_delay_seconds: float = Field(5.0, ge=0.1, le=3600)
    """First delay before a failed delivery is tried again; it doubles at each retry."""
    retry_delay_max_seconds: float = Field(600.0, ge=0.1, le=86400)
    """Longest delay between retries (infrastructure failures retry for ever at this pace)."""

    @model_validator(mode="after")
    def _nodes(self) -> BrokerSettings:
        if not self.urls:
            return self
        if self.url == "embedded":
            raise ValueError(_("urls lists more RabbitMQ nodes: set url to the first one"))
        for url in self.urls:
            if not url.startswith(("amqp://", "amqps://")):
                raise ValueError(
                    _("urls: {url} is not an amqp:// or amqps:// URL").format(url=repr(url))
                )
        return self

    @model_validator(mode="after")
    def _delays_in_order(self) -> BrokerSettings:
        if self.retry_delay_max_seconds < self.retry_delay_seconds:
            raise ValueError(
                _("retry_delay_max_seconds must not be shorter than retry_delay_seconds")
            )
        return self


class PathSettings(_Section):
    spool: Path = Path("/var/lib/yomitori/spool")
    quarantine: Path = Path("/var/lib/yomitori/quarantine")
    ledger: Path = Path("/var/lib/yomitori/ledger")
    signing_key: Path = Path("/etc/yomitori/ledger-signing.key")
    forms: Path = Path("/etc/yomitori/forms")


FINGERPRINT = re.compile(r"^SHA256:[0-9a-f]{64}$")


class LedgerSettings(_Section):
    fingerprints: list[str] = []
    """The trust root of the ledger: `SHA256:<hex>` of its first key, then of each key a
    rotation hands over to, in order. Verification takes no key from the ledger folder
    that is not pinned here."""

    @field_validator("fingerprints")
    @classmethod
    def _fingerprints(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not FINGERPRINT.match(entry):
                raise ValueError(_(
                    "{entry} is not a key fingerprint (SHA256: and 64 lower-case hex "
                    "digits, as `yomitori ledger fingerprint` prints it)"
                ).format(entry=repr(entry)))
        if len(set(value)) != len(value):
            raise ValueError(_("a fingerprint is listed twice"))
        return value


class RetentionSettings(_Section):
    quarantine_days: int = Field(30, ge=1)
    """Quarantined jobs are wiped after this many days."""
    sweep_seconds: float = Field(3600.0, gt=0)
    """How often the janitor looks for expired outbox bundles and quarantined jobs."""


class MetricsSettings(_Section):
    listen: str = "127.0.0.1:9464"
    """host:port of the Prometheus endpoint; empty turns it off."""


class IntakeSettings(_Section):
    stable_seconds: float = Field(2.0, gt=0)
    rescan_seconds: float = Field(60.0, gt=0)
    stall_seconds: float = Field(300.0, gt=0)
    """The watcher is unhealthy (no watchdog pings) when its intake has completed no tick
    and no claim for this long, in seconds."""
    ignored_alert_hours: float = Field(24.0, gt=0)
    """Files under ignored names (dot files, `~…`, `*.tmp`…) older than this, in hours, are
    counted in `yomitori_ignored_files` and `yomitori status`: they may hold scans."""


class OcrSettings(_Section):
    languages: str = "jpn"
    workers: int | Literal["auto"] = "auto"
    """OCR worker threads in this process: a number from 1 to 64, or "auto", one per core
    the service may use (CPU affinity, the cgroup's CPU quota and memory ceiling:
    `daemon.ops.capacity`)."""
    engine: Literal["auto", "tesserocr", "pytesseract"] = "auto"
    max_bytes: int = Field(200 * 1024 * 1024, gt=0)
    max_pages: int = Field(500, gt=0)
    max_pixels: int = Field(120_000_000, gt=0)
    job_timeout_seconds: float = Field(600.0, gt=0)
    """A job still being read after this long is stopped and goes to the quarantine."""
    decode_memory_mb: int = Field(1024, ge=256)
    """Address space of the child process that decodes one PDF or large image, MiB."""
    decode_seconds: float = Field(30.0, gt=0)
    """Wall-clock and CPU seconds that child may take to open the file, then per page."""
    min_free_bytes: int = Field(100_000_000, ge=0)
    """Free space a department's outbox must have before a job is read; with less, the
    job waits (retried with growing delays) instead of spending OCR time on a bundle that
    cannot be written."""

    @field_validator("workers", mode="before")
    @classmethod
    def _workers_in_range(cls, value: Any) -> Any:
        if value == "auto":
            return value
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)  # from YOMITORI_OCR__WORKERS
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 64:
            raise ValueError(f'must be a number from 1 to 64, or "auto" (not {value!r})')
        return value


class ReviewSettings(_Section):
    """The review station (`yomitori run --role review`; docs/review.md)."""

    listen: str = ""
    """host:port of the HTTPS station; empty turns it off (and out of `--role all`)."""
    public_url: str = ""
    """The station's address as terminals reach it, for enrolment links; default
    https://<this host's name>:<port of listen>."""
    tls_cert: Path = Path("/etc/yomitori/review.crt")
    tls_key: Path = Path("/etc/yomitori/review.key")
    client_ca: Path | None = None
    """Terminals need a client certificate from this CA; unset: no terminal check."""
    client_crl: Path | None = None
    """Revoked terminal certificates (PEM CRL of `client_ca`); re-read when it changes."""
    terminals: Path = Path("/etc/yomitori/terminals")
    """The local terminal CA of `yomitori terminals` (ca.key, ca.crt, crl.pem)."""
    store: Path = Path("/var/lib/yomitori/review")
    """The account store, the members' recipients and the completed jobs for the janitor."""
    session_idle_minutes: int = Field(15, ge=1, le=24 * 60)
    enrol_hours: float = Field(72.0, gt=0, le=24 * 30)
    """How long an enrolment link works."""
    lockout_failures: int = Field(5, ge=1, le=100)
    """Failed logins in a row that lock an account (`yomitori users unlock`)."""
    trusted_proxies: list[str] = []
    """Terminal names (client certificates) of reverse proxies whose
    `X-Client-Terminal` header names the real terminal (packaging/nginx)."""
    max_revision_bytes: int = Field(64 * 1024 * 1024, gt=0)

    @field_validator("client_ca", "client_crl", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if value == "" else value


class DocumentSettings(_Section):
    """Deletion certificates and usage reports: who issues them, to whom, and where."""

    ward: str = ""
    """The issuing ward, e.g. 桜区."""
    section: str = ""
    """The issuing section (課名), e.g. 総務部行政管理課."""
    official: str = ""
    """The title (職名) the documents are issued in the name of, e.g. 桜区長."""
    addressee: str = ""
    """Whom the documents are addressed to, e.g. 桜区個人情報保護審議会 会長 様."""
    number_pattern: str = ""
    """The document number; `{n}` is the running number, e.g. `桜総行第{n}号`. Empty, or a
    document issued by hand without `--number`: a blank 第　　号 to be written in."""
    first_number: int = Field(1, ge=1)
    """The running number of the first document the scheduled issue writes."""
    output: Path = Path("/var/lib/yomitori/documents")
    """Where `yomitori documents issue` writes; readable by the `yomitori-audit` group."""
    lang: Literal["ja", "en"] = "ja"
    """The language of the documents (`--lang en` gives an English copy)."""
    seal_box: bool = True
    """Print a box for the official seal (公印) or signature on the first page."""
    issuer: str = ""
    """The issuer in one line, e.g. `桜川区 総合政策部 行政管理課長` (printed above `ward`,
    `section` and `official` when those are set too)."""
    templates: Path | None = None
    """A folder of the ward's own document templates (`*.j2`), each replacing the shipped
    one of the same name; unset: the shipped wording."""

    @field_validator("number_pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        try:
            value.format(n=1)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                "may use only {n} (the running number), e.g. 桜総行第{n}号"
            ) from exc
        return value


class Department(_Section):
    title: str = ""
    hot_folders: list[Path]
    outbox: Path
    recipients: list[str]
    forms: list[str] = []
    csv_encoding: Literal["utf-8-sig", "cp932"] = "utf-8-sig"
    include_page_images: bool = True
    outbox_retention_days: int = Field(14, ge=1)
    polling: bool = False
    """Poll the hot folders instead of inotify (SMB/CIFS/NFS client mounts give no events)."""
    languages: str | None = None
    """Tesseract languages for this department; default `ocr.languages`."""
    pii_items: list[str] = []
    """The personal-information items the department's form-less scans carry (e.g. name,
    address), for the council's report; pages read with a form report the form's own."""

    @field_validator("hot_folders", "recipients")
    @classmethod
    def _not_empty(cls, value: list[Any]) -> list[Any]:
        if not value:
            raise ValueError(_("needs at least one entry"))
        return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="YOMITORI_", env_nested_delimiter="__", extra="forbid"
    )

    broker: BrokerSettings = BrokerSettings()
    paths: PathSettings = PathSettings()
    metrics: MetricsSettings = MetricsSettings()
    intake: IntakeSettings = IntakeSettings()
    ocr: OcrSettings = OcrSettings()
    retention: RetentionSettings = RetentionSettings()
    ledger: LedgerSettings = LedgerSettings()
    review: ReviewSettings = ReviewSettings()
    documents: DocumentSettings = DocumentSettings()
    departments: dict[str, Department] = {}

    @field_validator("departments")
    @classmethod
    def _department_ids(cls, value: dict[str, Department]) -> dict[str, Department]:
        for name in value:
            if not DEPARTMENT_ID.match(name):
                raise ValueError(
                    _("department id {name} must be lower-case letters, digits, - or _")
                    .format(name=repr(name))
                )
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: tuple[PydanticBaseSettingsSource, ...] = (init_settings, env_settings)
        if settings_cls.model_config.get("toml_file"):
            sources += (TomlConfigSettingsSource(settings_cls),)
        return sources


def unknown_department(named: str) -> str:
    """Why a job whose `job.json` names `named`, not a configured department, is refused.

    Quotes the name only when it is a well-formed id, so nothing else reaches a message.
    """
    which = (
        N_("{name}, which is not configured").format(name=repr(named))
        if DEPARTMENT_ID.match(named)
        else N_("a malformed department")
    )
    return N_(
        "its job.json names {which}: the job was kept apart, unread. If the department was "
        "removed from yomitori.toml, add it back and release the job; otherwise find out who "
        "can write the spool"
    ).format(which=which)


def config_path(explicit: str | os.PathLike[str] | None) -> Path:
    """The configuration file: `-c`, else `$YOMITORI_CONFIG`, else /etc/yomitori/yomitori.toml."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("YOMITORI_CONFIG") or DEFAULT_CONFIG)


def load_settings(path: Path) -> Settings:
    """Read `path` and the environment; raise ConfigError with one line per problem."""
    if not path.is_file():
        raise ConfigError([
            _("{path}: configuration file not found; pass -c FILE or run `yomitori init DIR`")
            .format(path=path)
        ])
    try:
        with path.open("rb") as fh:
            tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError([_("{path}: cannot read TOML ({error})").format(path=path, error=exc)]
                          ) from exc

    class _FromFile(Settings):
        model_config = SettingsConfigDict(toml_file=path)

    try:
        settings = _FromFile()
    except ValidationError as exc:
        raise ConfigError([_describe(err) for err in exc.errors()]) from exc
    base = path.parent
    return _resolve(Settings.model_validate(settings.model_dump()), base)


PYDANTIC_MESSAGES = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "string_type": N_("Input should be a valid string"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "dict_type": N_("Input should be a valid dictionary"),
    "list_type": N_("Input should be a valid list"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "finite_number": N_("Input should be a finite number"),
    "literal_error": N_("Input should be {expected}"),
    "path_type": N_("Input is not a valid path"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
}
"""pydantic's messages for the settings' types (its own templates), for the catalogue."""


def _describe(err: Any) -> str:
    """One line for a pydantic error: the key, then pydantic's message in the operator's
    language (pydantic's own English where there is no translation)."""
    key = ".".join(str(part) for part in err["loc"])
    problem = str(err["msg"])
    context = err.get("ctx") or {}
    template = PYDANTIC_MESSAGES.get(err["type"])
    if err["type"] == "value_error" and "error" in context:
        if language() != "en":  # our validators' messages are translated already
            problem = str(context["error"])  # without pydantic's English "Value error, "
    elif template is not None and _(template) != template:
        with contextlib.suppress(KeyError, IndexError):  # a field pydantic did not give
            problem = _(template).format(**context)
    return _("{key}: {problem}").format(key=key, problem=problem)


def _resolve(settings: Settings, base: Path) -> Settings:
    """Make relative paths relative to the configuration file's folder."""

    def fix(p: Path) -> Path:
        return p if p.is_absolute() else (base / p).resolve()

    paths = settings.paths
    for name in PathSettings.model_fields:
        setattr(paths, name, fix(getattr(paths, name)))
    review = settings.review
    for name in ("tls_cert", "tls_key", "client_ca", "client_crl", "terminals", "store"):
        if getattr(review, name) is not None:
            setattr(review, name, fix(getattr(review, name)))
    settings.documents.output = fix(settings.documents.output)
    if settings.documents.templates is not None:
        settings.documents.templates = fix(settings.documents.templates)
    for dept in settings.departments.values():
        dept.hot_folders = [fix(p) for p in dept.hot_folders]
        dept.outbox = fix(dept.outbox)
    return settings
