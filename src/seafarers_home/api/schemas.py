"""Schemas every API router may use (the routers' own live with their apps)."""

from __future__ import annotations

from ninja import Field, Schema


class PageIn(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000_000)
