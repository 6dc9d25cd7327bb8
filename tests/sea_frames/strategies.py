"""Hypothesis strategies for every message of the sea frame (FRAME.md)."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from seafarers_home.sea_frames import codec
from seafarers_home.sea_frames.codebook import available, packed

made_at = st.integers(0, codec.MAX_UINT32).map(
    lambda s: codec.EPOCH + datetime.timedelta(seconds=s)
)
ids = st.integers(1, codec.MAX_UINT32)
keys = st.binary(min_size=16, max_size=16)


def answers(code: str) -> st.SearchStrategy[codec.Answers]:
    items = packed(code).items
    return st.tuples(*(st.sampled_from(item.values) for item in items)).map(
        lambda values: codec.Answers(code, values)
    )


positions = st.builds(
    lambda lat, lon: codec.Position((lat - 900_000) / 10_000, (lon - 1_800_000) / 10_000),
    st.integers(0, 1_800_000),
    st.integers(0, 3_599_999),
)

screenings = st.builds(
    codec.ScreeningMessage,
    made_at,
    st.lists(
        st.sampled_from(available()), min_size=1, max_size=len(available()), unique=True
    ).flatmap(lambda codes: st.tuples(*(answers(code) for code in codes))),
)
callbacks = st.builds(
    codec.CallbackMessage,
    made_at,
    st.integers(0, 255),
    st.integers(1, 255),
    st.sampled_from(list(codec.CallbackTarget)),
)
check_ins = st.builds(
    codec.CheckInMessage,
    made_at,
    st.none() | positions,
    st.none() | st.tuples(answers("phq4"), answers("who5")),
)
soses = st.builds(codec.SosMessage, made_at, st.none() | positions)
acks = st.builds(
    codec.AckMessage,
    st.sampled_from(list(codec.AckStatus)),
    st.sampled_from([t for t in codec.FrameType if t != codec.FrameType.ACK]),
)
uplink = st.one_of(screenings, callbacks, check_ins, soses)
messages = st.one_of(uplink, acks)
