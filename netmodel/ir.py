"""Intent IR v1 as pydantic models: the contract between language and the network.

One class per intent kind, discriminated by ``kind``; :class:`TranslateRecord` is one utterance's
result. The models accept and reject exactly what ``spec/intent-ir.schema.json`` does (a test
checks this against the shared schema), so anything that validates here can go to the compiler.
Optional fields are absent rather than ``null``: the schema rejects explicit nulls, and so do we.
Beyond the schema, every door's limits hold here too (:mod:`netmodel.limits`): numbers are finite
and under sane upper bounds, and names are short tokens (every name in the corpora is one).
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)

from .limits import MAX_COUNT, MAX_LATENCY_MS, MAX_MBPS, MAX_ROUNDS, Name

NODE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ROLES = ("site", "ran", "edge", "transport", "core")
ROLE_SELECTORS = tuple(f"role:{r}" for r in ROLES)
ERROR_CODES = ("out_of_scope", "unknown_entity", "unsafe", "ambiguous", "invalid")
_NODE_ID_RE = re.compile(NODE_ID_PATTERN)

_NODE_ID_SCHEMA = {"type": "string", "pattern": NODE_ID_PATTERN, "not": {"enum": ["all", "any"]}}
_ROLE_SCHEMA = {"type": "string", "enum": list(ROLE_SELECTORS)}


def is_node_id(value: str) -> bool:
    """An exact inventory id (syntax only; whether it exists is the resolver's question)."""
    return bool(_NODE_ID_RE.fullmatch(value)) and value not in ("all", "any")


def _reference_checker(*, roles: bool, word: str | None) -> Any:
    allowed = "a node id" + (", a role selector (role:site, ...)" if roles else "") + (f" or '{word}'" if word else "")

    def check(value: str) -> str:
        if is_node_id(value) or (roles and value in ROLE_SELECTORS) or value == word:
            return value
        raise ValueError(f"{value!r} is not {allowed}")

    return AfterValidator(check)


def _ref_schema(word: str | None) -> dict:
    return {"anyOf": [_NODE_ID_SCHEMA, _ROLE_SCHEMA] + ([{"const": word}] if word else [])}


NodeId = Annotated[str, Field(strict=True), _reference_checker(roles=False, word=None), WithJsonSchema(_NODE_ID_SCHEMA)]
"""An exact node id of the live inventory, e.g. ``hospital-1``."""
NodeSelector = Annotated[str, Field(strict=True), _reference_checker(roles=True, word="all"), WithJsonSchema(_ref_schema("all"))]
"""Where a set of nodes is meant (sites, nodes, scope, target): id, role selector or ``all``."""
Endpoint = Annotated[str, Field(strict=True), _reference_checker(roles=True, word="any"), WithJsonSchema(_ref_schema("any"))]
"""``src``/``dst`` of an ``sdn.*`` intent: id, role selector or ``any`` (wildcard)."""


def _unique(values: list) -> list:
    if len(set(values)) != len(values):
        raise ValueError("items must be unique")
    return values


def _unique_list(item: Any) -> Any:
    return Annotated[list[item], Field(min_length=1, json_schema_extra={"uniqueItems": True}), AfterValidator(_unique)]


NodeSelectors = _unique_list(NodeSelector)
NodeIds = _unique_list(NodeId)
Mbps = Annotated[float, Field(gt=0, le=MAX_MBPS)]
Millis = Annotated[float, Field(gt=0, le=MAX_LATENCY_MS)]
Count = Annotated[int, Field(ge=1, le=MAX_COUNT)]
Rounds = Annotated[int, Field(ge=1, le=MAX_ROUNDS)]
Epsilon = Annotated[float, Field(gt=0, le=1000)]
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Service = Literal["embb", "urllc", "mmtc", "v2x"]
Model = Literal["anomaly_detector", "intent_classifier", "hub_adapter"]


def _drop_nullable(schema: dict[str, Any]) -> None:
    """Optional fields default to None in Python but must be absent, never null, in JSON; and
    ``kind``, defaulted for convenience in Python, is required in JSON."""
    if "kind" in schema.get("properties", {}):
        schema["properties"]["kind"].pop("default", None)
        schema["required"] = ["kind", *schema.get("required", [])]
    for prop in schema.get("properties", {}).values():
        options = prop.get("anyOf")
        if options and {"type": "null"} in options and "default" in prop and prop["default"] is None:
            rest = [o for o in options if o != {"type": "null"}]
            prop.pop("anyOf")
            prop.pop("default", None)
            prop.update(rest[0] if len(rest) == 1 else {"anyOf": rest})


def _schema_with(extra: dict[str, Any]) -> Any:
    """json_schema_extra for models with cross-field rules the schema states as keywords."""
    def finish(schema: dict[str, Any]) -> None:
        _drop_nullable(schema)
        schema.update(extra)
    return finish


class IRModel(BaseModel):
    """Base for every IR object: unknown fields and explicit nulls are errors, enums are lowercase."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False,
                              json_schema_extra=_drop_nullable)

    @model_validator(mode="before")
    @classmethod
    def _no_explicit_null(cls, data: Any) -> Any:
        if isinstance(data, dict):
            nulls = [k for k, v in data.items() if v is None and k in cls.model_fields]
            if nulls:
                raise ValueError(f"field(s) {', '.join(nulls)} must be left out rather than null")
        return data

    def to_json(self) -> dict[str, Any]:
        """The IR's JSON form: unset optional fields are left out."""
        return self.model_dump(mode="json", exclude_none=True)


class Schedule(IRModel):
    """Daily window; may wrap midnight (22:00 to 02:00)."""

    start: ClockTime
    end: ClockTime


class SliceFields(IRModel):
    service: Service | None = None
    sites: NodeSelectors | None = None
    name: Name | None = None
    bandwidth_mbps: Mbps | None = None
    max_latency_ms: Millis | None = None
    reliability: Annotated[float, Field(gt=0, le=1)] | None = None
    max_devices: Count | None = None
    isolation: Literal["shared", "dedicated"] | None = None
    schedule: Schedule | None = None


class SliceCreate(SliceFields):
    """Create a network slice."""

    kind: Literal["slice.create"] = "slice.create"
    service: Service
    sites: NodeSelectors


class SliceModify(SliceFields):
    """Change a slice by name; only the fields that change are given. ``sites`` is the full new list."""

    model_config = ConfigDict(json_schema_extra=_schema_with({"minProperties": 3}))

    kind: Literal["slice.modify"] = "slice.modify"
    name: Name

    @model_validator(mode="after")
    def _changes_something(self) -> SliceModify:
        if not self.model_fields_set - {"kind", "name"}:
            raise ValueError("slice.modify must change at least one field")
        return self



class SliceDelete(IRModel):
    """Delete a slice by name."""

    kind: Literal["slice.delete"] = "slice.delete"
    name: Name


class SdnBlock(IRModel):
    """Drop traffic from src to dst (optionally one protocol/port)."""

    model_config = ConfigDict(json_schema_extra=_schema_with(
        {"if": {"properties": {"protocol": {"const": "icmp"}}, "required": ["protocol"]},
         "then": {"not": {"required": ["port"]}}}))

    kind: Literal["sdn.block"] = "sdn.block"
    src: Endpoint
    dst: Endpoint
    protocol: Literal["any", "tcp", "udp", "icmp"] | None = None
    port: Annotated[int, Field(ge=0, le=65535)] | None = None

    @model_validator(mode="after")
    def _icmp_has_no_port(self) -> SdnBlock:
        if self.protocol == "icmp" and self.port is not None:
            raise ValueError("icmp has no ports")
        return self


class SdnRateLimit(IRModel):
    """Limit traffic from src to dst to ``rate_mbps``."""

    kind: Literal["sdn.rate_limit"] = "sdn.rate_limit"
    src: Endpoint
    dst: Endpoint
    rate_mbps: Mbps


class SdnRoute(IRModel):
    """Route traffic from src to dst, through ordered waypoints, around avoided nodes."""

    kind: Literal["sdn.route"] = "sdn.route"
    src: Endpoint
    dst: Endpoint
    via: NodeIds | None = None
    avoid: NodeIds | None = None
    paths: Annotated[int, Field(ge=1, le=64)] | None = None
    objective: Literal["latency", "hops", "bandwidth"] | None = None


class Trigger(IRModel):
    event: Literal["anomaly", "ddos", "link_down", "congestion", "latency_violation"]
    scope: NodeSelectors


class ZtnPolicy(IRModel):
    """Closed-loop rule: on trigger, take action (``approve`` asks a human first)."""

    kind: Literal["ztn.policy"] = "ztn.policy"
    trigger: Trigger
    action: Literal["isolate", "reroute", "rate_limit", "scale_slice", "alert"]
    mode: Literal["auto", "approve"]
    rate_mbps: Mbps | None = None
    name: Name | None = None


class LearnFedFT(IRModel):
    """Federated fine-tuning of a node or hub model."""

    kind: Literal["learn.fedft"] = "learn.fedft"
    model: Model
    nodes: NodeSelectors
    rounds: Rounds | None = None
    strategy: Literal["fedavg", "fedprox", "median", "trimmed_mean", "krum", "hetlora"] | None = None
    dp_epsilon: Epsilon | None = None
    local_epochs: Rounds | None = None


class LearnSplit(IRModel):
    """Split learning of a model between nodes and the hub."""

    kind: Literal["learn.split"] = "learn.split"
    model: Model
    nodes: NodeSelectors
    method: Literal["vanilla", "parallel", "epsl", "splitfed_v1", "splitfed_v2"]
    rounds: Rounds | None = None
    cut_layer: Annotated[int, Field(ge=1, le=64)] | None = None


class Query(IRModel):
    """Read-only question; ``dst`` only for topic ``path``."""

    model_config = ConfigDict(json_schema_extra=_schema_with(
        {"if": {"required": ["dst"]}, "then": {"properties": {"topic": {"const": "path"}}}}))

    kind: Literal["query"] = "query"
    topic: Literal["topology", "slices", "policies", "alarms", "telemetry", "models", "path"]
    target: NodeSelector | None = None
    dst: NodeId | None = None

    @model_validator(mode="after")
    def _dst_only_for_path(self) -> Query:
        if self.dst is not None and self.topic != "path":
            raise ValueError("dst is only for topic 'path'")
        return self


Intent = Annotated[
    SliceCreate | SliceModify | SliceDelete | SdnBlock | SdnRateLimit | SdnRoute | ZtnPolicy | LearnFedFT | LearnSplit | Query,
    Field(discriminator="kind"),
]
INTENT_ADAPTER: TypeAdapter[Intent] = TypeAdapter(Intent)
INTENT_CLASSES: dict[str, type[IRModel]] = {
    cls.model_fields["kind"].default: cls
    for cls in (SliceCreate, SliceModify, SliceDelete, SdnBlock, SdnRateLimit, SdnRoute, ZtnPolicy, LearnFedFT, LearnSplit, Query)
}
KINDS = tuple(INTENT_CLASSES)


class IRError(IRModel):
    """Why an utterance produced no intents."""

    code: Literal["out_of_scope", "unknown_entity", "unsafe", "ambiguous", "invalid"]
    message: str


class TranslateRecord(IRModel):
    """One utterance in, one record out: some intents and no error, or no intents and an error."""

    model_config = ConfigDict(json_schema_extra=_schema_with(
        {"if": {"properties": {"error": {"type": "object"}}, "required": ["error"]},
         "then": {"properties": {"intents": {"maxItems": 0}}},
         "else": {"properties": {"intents": {"minItems": 1}}}}))

    id: Annotated[str, Field(min_length=1)]
    intents: list[Intent]
    error: IRError | None
    latency_ms: Annotated[float, Field(ge=0)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_explicit_null(cls, data: Any) -> Any:  # error may be null here; latency_ms may not
        if isinstance(data, dict) and "latency_ms" in data and data["latency_ms"] is None:
            raise ValueError("latency_ms must be left out rather than null")
        return data

    @model_validator(mode="after")
    def _intents_xor_error(self) -> TranslateRecord:
        if self.error is not None and self.intents:
            raise ValueError("a record with an error carries no intents")
        if self.error is None and not self.intents:
            raise ValueError("a record without an error needs at least one intent")
        return self

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "intents": [i.to_json() for i in self.intents],
               "error": self.error.to_json() if self.error else None}
        if self.latency_ms is not None:
            out["latency_ms"] = self.latency_ms
        return out


def parse_intent(data: dict[str, Any]) -> Intent:
    """Validate one intent dict (raises pydantic.ValidationError with every problem)."""
    return INTENT_ADAPTER.validate_python(data)
