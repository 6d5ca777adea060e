"""A sink that keeps the written lines in memory, for the batch tests."""

from __future__ import annotations

from typing import Any

import orjson


class ListSink:
    def __init__(self) -> None:
        self.lines: list[dict[str, Any]] = []

    def write(self, line: bytes) -> None:
        self.lines.append(orjson.loads(line))

    def close(self) -> None:
        pass
