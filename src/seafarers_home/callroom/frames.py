"""The frames a call room's client may send, as pydantic models: a whitelist of types and
fields with strict types and sizes. ``clean_message`` returns the frame to relay, rebuilt from
its known fields only, or raises ``Malformed`` (the consumer answers ``{"type": "error",
"error": "malformed"}`` and closes with 4400). Nothing a client sends raises anything else.

Sizes: an SDP up to a whole frame (16 KB), a chat message 2,000 characters, ids 64; an ICE
candidate as the browser's RTCIceCandidateInit (``candidate`` may be empty: end of candidates
of one m-line; a ``null`` candidate ends them all).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from seafarers_home.lib.validation import first_problem

logger = logging.getLogger("seafarers_home.callroom")

MAX_FRAME = 16 * 1024
MAX_CHAT = 2000
MAX_ID = 64

Id = Annotated[str, Field(min_length=1, max_length=MAX_ID)]


class Malformed(Exception):
    pass


class Frame(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    def relay(self) -> dict[str, Any]:
        return self.model_dump()


class Sdp(Frame):
    type: Literal["offer", "answer"]
    sdp: Annotated[str, Field(min_length=1, max_length=MAX_FRAME)]
    session: Id


class IceCandidate(Frame):
    # The browser's RTCIceCandidateInit, field names and all.
    candidate: Annotated[str, Field(max_length=1024)]
    sdpMid: Annotated[str, Field(max_length=32)] | None = None
    sdpMLineIndex: Annotated[int, Field(ge=0, lt=64)] | None = None
    usernameFragment: Annotated[str, Field(min_length=1, max_length=256)] | None = None


class Candidate(Frame):
    type: Literal["candidate"]
    candidate: IceCandidate | None = None
    session: Id


class Chat(Frame):
    type: Literal["chat"]
    text: Annotated[str, StringConstraints(max_length=MAX_CHAT, pattern=r"\S")]
    id: Id


class State(Frame):
    # The defaults are never relayed (exclude_unset); an explicit null is refused.
    type: Literal["state"]
    video: bool = False
    muted: bool = False
    reason: Literal["user", "bandwidth", "camera"] = "user"

    def relay(self) -> dict[str, Any]:
        # Only what the sender said: a missing flag is "unchanged", not "off".
        return self.model_dump(exclude_unset=True)


class Signal(Frame):
    # "fec": the answerer's audio is being lost; the offerer renegotiates in place (call.js).
    type: Literal["bye", "restart", "ping", "fec"]


ClientFrame = Annotated[Sdp | Candidate | Chat | State | Signal, Field(discriminator="type")]
_frames: TypeAdapter[Sdp | Candidate | Chat | State | Signal] = TypeAdapter(ClientFrame)


def clean_message(message: Any) -> dict[str, Any]:
    """The message to relay, rebuilt from its known fields only; ``Malformed`` otherwise."""
    try:
        frame = _frames.validate_python(message)
    except ValidationError as exc:
        field, problem = first_problem(exc)
        logger.debug("malformed call-room frame: %s: %s", field or "frame", problem)
        raise Malformed(f"{field}: {problem}" if field else problem) from None
    return frame.relay()
