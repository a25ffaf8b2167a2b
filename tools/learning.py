"""LangChain tools for learning jobs: ``learn_fedft``, ``learn_split``, ``job_status``, ``cancel_job``.

Thin: the arguments are the IR intents themselves (``LearnFedFT``/``LearnSplit``); the network
manager applies the intent (it compiles to a versioned ``JobSpec``, same path as any intent),
and the job runner runs it in the background.
"""
from __future__ import annotations

from typing import Any

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field

from federated.jobs import JobRunner
from netmodel import ir
from netmodel.manager import NetworkManager


class JobRef(BaseModel):
    job_id: str = Field(description="Id of a learning job, e.g. fedft-anomaly_detector-3f9a2c")


def _intent(cls: type[ir.LearnFedFT] | type[ir.LearnSplit], args: dict[str, Any]) -> ir.LearnFedFT | ir.LearnSplit:
    """The IR wants optional fields left out rather than null (LangChain fills them with None)."""
    return cls(**{k: v for k, v in args.items() if v is not None})


def _start(manager: NetworkManager, runner: JobRunner, intent: ir.LearnFedFT | ir.LearnSplit) -> dict[str, Any]:
    applied = manager.apply([intent], source="agent", actor="hub")
    job_ids = [k for keys in applied.produced.values() for k in keys]
    jobs = manager.running.jobs
    for job_id in job_ids:
        runner.start(jobs[job_id])
    return {"status": applied.status, "version": applied.version, "jobs": job_ids,
            "summary": [jobs[j].summary() for j in job_ids]}


def _status(runner: JobRunner, job_id: str) -> dict[str, Any]:
    row = runner.store.job(job_id)
    rounds = [e for e in row.progress if e.get("event") == "round"]
    return {"job_id": job_id, "status": row.status, "rounds_done": len(rounds),
            "last": rounds[-1] if rounds else None, "result": row.result}


def learning_tools(manager: NetworkManager, runner: JobRunner) -> list[StructuredTool]:
    """The four learning tools bound to one network manager and job runner."""
    return [
        StructuredTool.from_function(
            lambda **kw: _start(manager, runner, _intent(ir.LearnFedFT, kw)), name="learn_fedft",
            description="Start federated fine-tuning of a node or hub model over node agents "
                        "(strategy fedavg|fedprox|median|trimmed_mean|krum|hetlora, optional DP epsilon).",
            args_schema=ir.LearnFedFT),
        StructuredTool.from_function(
            lambda **kw: _start(manager, runner, _intent(ir.LearnSplit, kw)), name="learn_split",
            description="Start split learning of a node model between node agents and the hub "
                        "(method vanilla|parallel|epsl|splitfed_v1|splitfed_v2, cut_layer).",
            args_schema=ir.LearnSplit),
        StructuredTool.from_function(
            lambda job_id: _status(runner, job_id), name="job_status",
            description="Status, last round (loss, accuracy, bytes) and result of a learning job.",
            args_schema=JobRef),
        StructuredTool.from_function(
            lambda job_id: {"job_id": job_id, "cancelled": runner.cancel(job_id)}, name="cancel_job",
            description="Cancel a running learning job (it stops between two clients; nothing is deployed).",
            args_schema=JobRef),
    ]
