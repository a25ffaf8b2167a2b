"""NSL-KDD connection records: schema, attack families, a serialisable preprocessor and split loaders.

The preprocessor is numpy-only (it runs on the node path): categorical columns become one-hot
blocks over a fixed vocabulary, heavy-tailed counts go through ``log1p``, then every numeric
column is standardised with statistics fitted on the training split. Its state is a plain dict
(:meth:`Preprocessor.to_dict`) so it lives inside the model file; bad rows raise
:class:`InputError` with a one-line reason instead of producing a silent prediction.
"""
from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

COLUMNS = (
    "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes", "land", "wrong_fragment",
    "urgent", "hot", "num_failed_logins", "logged_in", "num_compromised", "root_shell", "su_attempted",
    "num_root", "num_file_creations", "num_shells", "num_access_files", "num_outbound_cmds",
    "is_host_login", "is_guest_login", "count", "srv_count", "serror_rate", "srv_serror_rate",
    "rerror_rate", "srv_rerror_rate", "same_srv_rate", "diff_srv_rate", "srv_diff_host_rate",
    "dst_host_count", "dst_host_srv_count", "dst_host_same_srv_rate", "dst_host_diff_srv_rate",
    "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate", "dst_host_serror_rate",
    "dst_host_srv_serror_rate", "dst_host_rerror_rate", "dst_host_srv_rerror_rate",
)
"""The 41 features of a record, in file order (the files add ``label`` and ``difficulty``)."""

# The KDD'99 schema's full vocabularies: values the training split happens not to contain
# (e.g. ``tftp_u`` appears only in KDDTest+) are still valid input, anything else is an error.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "protocol_type": ("icmp", "tcp", "udp"),
    "service": (
        "IRC", "X11", "Z39_50", "aol", "auth", "bgp", "courier", "csnet_ns", "ctf", "daytime", "discard",
        "domain", "domain_u", "echo", "eco_i", "ecr_i", "efs", "exec", "finger", "ftp", "ftp_data", "gopher",
        "harvest", "hostnames", "http", "http_2784", "http_443", "http_8001", "imap4", "iso_tsap", "klogin",
        "kshell", "ldap", "link", "login", "mtp", "name", "netbios_dgm", "netbios_ns", "netbios_ssn",
        "netstat", "nnsp", "nntp", "ntp_u", "other", "pm_dump", "pop_2", "pop_3", "printer", "private",
        "red_i", "remote_job", "rje", "shell", "smtp", "sql_net", "ssh", "sunrpc", "supdup", "systat",
        "telnet", "tftp_u", "tim_i", "time", "urh_i", "urp_i", "uucp", "uucp_path", "vmnet", "whois"),
    "flag": ("OTH", "REJ", "RSTO", "RSTOS0", "RSTR", "S0", "S1", "S2", "S3", "SF", "SH"),
}

FAMILIES = ("normal", "DoS", "Probe", "R2L", "U2R")
"""Family classes; index 0 is normal traffic, so ``y_binary == (y_family > 0)``."""

ATTACK_FAMILY: dict[str, str] = {
    **{a: "DoS" for a in ("apache2", "back", "land", "mailbomb", "neptune", "pod", "processtable", "smurf",
                          "teardrop", "udpstorm", "worm")},
    **{a: "Probe" for a in ("ipsweep", "mscan", "nmap", "portsweep", "saint", "satan")},
    **{a: "R2L" for a in ("ftp_write", "guess_passwd", "httptunnel", "imap", "multihop", "named", "phf",
                          "sendmail", "snmpgetattack", "snmpguess", "spy", "warezclient", "warezmaster",
                          "xlock", "xsnoop")},
    **{a: "U2R" for a in ("buffer_overflow", "loadmodule", "perl", "ps", "rootkit", "sqlattack", "xterm")},
}
"""Attack label -> family, the usual NSL-KDD mapping (``httptunnel`` counted as R2L)."""

SPLITS = {"train": "KDDTrain+_20Percent.txt", "test": "KDDTest+.txt", "test21": "KDDTest-21.txt"}
Split = Literal["train", "test", "test21"]


class InputError(ValueError):
    """A feature row the model must not score (wrong width, NaN, unknown category...)."""


def family_of(label: str) -> int:
    """Index into :data:`FAMILIES` of a record label (``normal`` or an attack name)."""
    if label == "normal":
        return 0
    try:
        return FAMILIES.index(ATTACK_FAMILY[label])
    except KeyError:
        raise InputError(f"unknown NSL-KDD label {label!r}") from None


def default_root() -> Path:
    """``../shared/datasets/nsl-kdd`` beside the repository (training, tests and benchmarks only)."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "nsl-kdd"


@lru_cache(maxsize=8)
def _read(path: Path) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    rows, labels = [], []
    with path.open(newline="") as f:
        for line_no, rec in enumerate(csv.reader(f), 1):
            if not rec:
                continue
            if len(rec) != len(COLUMNS) + 2:
                raise InputError(f"{path.name}:{line_no}: expected {len(COLUMNS) + 2} fields, got {len(rec)}")
            rows.append(tuple(rec[: len(COLUMNS)]))
            labels.append(rec[len(COLUMNS)])
    return tuple(rows), tuple(labels)


def load_raw(name: Split, root: str | Path | None = None) -> tuple[list[tuple[str, ...]], list[str]]:
    """The raw 41-field rows (strings, file order) and their attack labels of one split."""
    if name not in SPLITS:
        raise ValueError(f"unknown split {name!r}; expected one of {sorted(SPLITS)}")
    path = Path(root) if root is not None else default_root()
    path = path / SPLITS[name]
    if not path.exists():
        raise FileNotFoundError(f"NSL-KDD split not found: {path}")
    rows, labels = _read(path.resolve())
    return list(rows), list(labels)


class Preprocessor:
    """Rows of raw features -> float32 model inputs; fitted once, serialised into the model file.

    ``columns`` names the raw fields in order; those listed in ``categories`` are one-hot encoded
    (in place of the column, vocabulary order), the rest are numeric: ``log1p`` for the columns in
    ``log_columns`` then ``(x - mean) / std``, clipped to ``[-clip, clip]``.
    """

    def __init__(self, columns: Sequence[str], categories: dict[str, Sequence[str]], log_columns: Sequence[str],
                 mean: Sequence[float], std: Sequence[float], clip: float = 10.0) -> None:
        self.columns = tuple(columns)
        self.categories = {c: tuple(v) for c, v in categories.items()}
        unknown = set(self.categories) - set(self.columns)
        if unknown:
            raise ValueError(f"categorical columns not in columns: {sorted(unknown)}")
        self.numeric = tuple(c for c in self.columns if c not in self.categories)
        self.log_columns = tuple(log_columns)
        self.mean = np.asarray(mean, dtype=np.float64)
        self.std = np.asarray(std, dtype=np.float64)
        self.clip = float(clip)
        if self.mean.shape != (len(self.numeric),) or self.std.shape != self.mean.shape:
            raise ValueError(f"mean/std need {len(self.numeric)} values each")
        self._log_mask = np.array([c in self.log_columns for c in self.numeric])
        self._index = {c: {v: i for i, v in enumerate(vs)} for c, vs in self.categories.items()}

    # -- fitting and (de)serialisation ------------------------------------------------------------
    @classmethod
    def fit(cls, rows: Sequence[Sequence[Any]], columns: Sequence[str] = COLUMNS,
            categories: dict[str, Sequence[str]] | None = None, min_std: float = 1e-3,
            clip: float = 10.0) -> Preprocessor:
        """Fit on training rows: numeric columns whose training max exceeds 1 get ``log1p``."""
        cats = CATEGORIES if categories is None and tuple(columns) == COLUMNS else (categories or {})
        probe = cls(columns, cats, (), np.zeros(len(columns) - len(cats)), np.ones(len(columns) - len(cats)))
        raw = probe._numeric_matrix(rows)
        if (raw < 0).any():
            raise InputError("negative numeric value in training rows; log1p scaling needs counts/rates >= 0")
        log_cols = [c for c, m in zip(probe.numeric, raw.max(axis=0)) if m > 1.0]
        mask = np.array([c in log_cols for c in probe.numeric])
        x = np.where(mask, np.log1p(raw), raw)
        std = x.std(axis=0)  # a column constant in training keeps its natural scale
        return cls(columns, cats, log_cols, x.mean(axis=0), np.where(std < min_std, 1.0, std), clip)

    def to_dict(self) -> dict[str, Any]:
        return {"columns": list(self.columns), "categories": {k: list(v) for k, v in self.categories.items()},
                "log_columns": list(self.log_columns), "mean": self.mean.tolist(), "std": self.std.tolist(), "clip": self.clip}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Preprocessor:
        return cls(d["columns"], d["categories"], d["log_columns"], d["mean"], d["std"], d.get("clip", 10.0))

    # -- transform -------------------------------------------------------------------------------
    @property
    def feature_names(self) -> list[str]:
        """Names of the model inputs, in order (one-hot blocks named ``column=value``)."""
        out = []
        for c in self.columns:
            out.extend(f"{c}={v}" for v in self.categories[c]) if c in self.categories else out.append(c)
        return out

    @property
    def n_features(self) -> int:
        return len(self.numeric) + sum(len(v) for v in self.categories.values())

    def _rows(self, rows: Sequence[Sequence[Any]] | np.ndarray) -> list[Sequence[Any]]:
        if isinstance(rows, np.ndarray) and rows.ndim == 1:
            rows = [rows]
        rows = list(rows)
        for i, r in enumerate(rows):
            if isinstance(r, (str, bytes)) or not hasattr(r, "__len__"):
                raise InputError(f"row {i}: expected a sequence of {len(self.columns)} fields, got {type(r).__name__}")
            if len(r) != len(self.columns):
                raise InputError(f"row {i}: expected {len(self.columns)} fields, got {len(r)}")
        return rows

    def _numeric_matrix(self, rows: Sequence[Sequence[Any]] | np.ndarray) -> np.ndarray:
        rows = self._rows(rows)
        idx = [self.columns.index(c) for c in self.numeric]
        try:  # fast path; the loop below only runs to name the offending cell
            out = np.array([[r[k] for k in idx] for r in rows], dtype=np.float64).reshape(len(rows), len(idx))
        except (TypeError, ValueError):
            out = self._numeric_slow(rows, idx)
        bad = ~np.isfinite(out)
        if bad.any():
            i, j = map(int, np.argwhere(bad)[0])
            raise InputError(f"row {i}: {self.numeric[j]} is {out[i, j]} (NaN/inf cannot be scored)")
        return out

    def _numeric_slow(self, rows: list[Sequence[Any]], idx: list[int]) -> np.ndarray:
        out = np.empty((len(rows), len(idx)), dtype=np.float64)
        for i, r in enumerate(rows):
            for j, k in enumerate(idx):
                try:
                    out[i, j] = float(r[k])
                except (TypeError, ValueError):
                    raise InputError(f"row {i}: {self.numeric[j]}={r[k]!r} is not a number") from None
        return out

    def transform(self, rows: Sequence[Sequence[Any]] | np.ndarray) -> np.ndarray:
        """Raw rows (sequences of ``len(columns)`` fields, strings or numbers) -> float32 inputs."""
        rows = self._rows(rows)
        num = self._numeric_matrix(rows)
        if (num[:, self._log_mask] < 0).any():
            i, j = map(int, np.argwhere(num[:, self._log_mask] < 0)[0])
            col = [c for c in self.numeric if c in self.log_columns][j]
            raise InputError(f"row {i}: {col} is negative ({num[i, self.numeric.index(col)]})")
        num = np.where(self._log_mask, np.log1p(np.maximum(num, 0)), num)
        num = np.clip((num - self.mean) / self.std, -self.clip, self.clip)  # far outliers saturate
        blocks, n = [], 0
        for c in self.columns:
            if c in self.categories:
                k = self.columns.index(c)
                onehot = np.zeros((len(rows), len(self.categories[c])))
                for i, r in enumerate(rows):
                    j = self._index[c].get(str(r[k]))
                    if j is None:
                        raise InputError(f"row {i}: unknown {c} {r[k]!r}")
                    onehot[i, j] = 1.0
                blocks.append(onehot)
            else:
                blocks.append(num[:, n: n + 1])
                n += 1
        return np.concatenate(blocks, axis=1).astype(np.float32)


@lru_cache(maxsize=2)
def _train_preprocessor(root: Path | None) -> Preprocessor:
    rows, _ = load_raw("train", root)
    return Preprocessor.fit(rows)


def train_preprocessor(root: str | Path | None = None) -> Preprocessor:
    """The preprocessor fitted on the training split (what the committed detector artifact stores)."""
    return _train_preprocessor(Path(root) if root is not None else None)


def load_split(name: Split, root: str | Path | None = None,
               pre: Preprocessor | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(X float32, y_binary int64, y_family int64)`` of a split, preprocessed with ``pre``
    (default: :func:`train_preprocessor`). ``y_family`` indexes :data:`FAMILIES`."""
    rows, labels = load_raw(name, root)
    pre = pre or train_preprocessor(root)
    y_family = np.array([family_of(lbl) for lbl in labels], dtype=np.int64)
    return pre.transform(rows), (y_family > 0).astype(np.int64), y_family
