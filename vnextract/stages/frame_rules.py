"""The schema of ``patterns/frames.yml``: the cues that open, carry and close the frames a press
release states once for many figures — the measure (``continuation``, ``previous``, read by
:mod:`vnextract.stages.measures`) and the plan (``plan``, read by :mod:`vnextract.stages.roles`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from vnextract.rules import Strict, load_yaml


class FrameExample(Strict):
    text: str  # with the figure [marked]
    indicator: str


class Continuation(Strict):
    words: list[str] = Field(min_length=1)
    examples: list[FrameExample] = Field(min_length=1)
    negatives: list[FrameExample] = Field(min_length=1)


class Previous(Strict):
    against: list[str] = Field(min_length=1)  # what a share right after an amount is measured against
    examples: list[FrameExample] = Field(min_length=1)
    negatives: list[FrameExample] = Field(min_length=1)


class RoleExample(Strict):
    text: str  # with the figure [marked]
    role: str


class Plan(Strict):
    open: list[str] = Field(min_length=1)
    close: list[str] = Field(min_length=1)
    done: list[str] = Field(min_length=1)
    now: list[str] = Field(min_length=1)
    made: list[str] = Field(min_length=1)
    continue_: list[str] = Field(min_length=1, alias="continue")
    examples: list[RoleExample] = Field(min_length=1)
    negatives: list[RoleExample] = Field(min_length=1)


class Modifier(Strict):
    words: list[str] = Field(min_length=1)
    examples: list[FrameExample] = Field(min_length=1)
    negatives: list[FrameExample] = Field(min_length=1)


class FramesFile(Strict):
    """``patterns/frames.yml``."""

    continuation: Continuation
    previous: Previous
    plan: Plan
    modifier: Modifier
    source: Modifier


@lru_cache(maxsize=1)
def load_frames() -> FramesFile:
    return FramesFile.model_validate(load_yaml("frames"))
