"""Where a seafarer turns at once when a question shows a physical red flag: the ship's master,
the maritime radio medical service and, when life is at risk, maritime search and rescue.

One place for the numbers: the urgent notice of the thread page reads them from here."""

from __future__ import annotations

from typing import Any

# China Maritime Search and Rescue Centre: the national waterborne distress line.
MARITIME_RESCUE_NUMBER = "12395"
# Inmarsat two-digit special access codes, dialled from the ship's satellite terminal:
# 32 = medical advice (radio medical service), 38 = medical assistance (evacuation).
INMARSAT_MEDICAL_ADVICE_CODE = "32"
INMARSAT_MEDICAL_ASSISTANCE_CODE = "38"
# The distress and calling channel.
VHF_DISTRESS_CHANNEL = "16"


def urgent_help_context() -> dict[str, Any]:
    return {
        "MARITIME_RESCUE_NUMBER": MARITIME_RESCUE_NUMBER,
        "INMARSAT_MEDICAL_ADVICE_CODE": INMARSAT_MEDICAL_ADVICE_CODE,
        "INMARSAT_MEDICAL_ASSISTANCE_CODE": INMARSAT_MEDICAL_ASSISTANCE_CODE,
        "VHF_DISTRESS_CHANNEL": VHF_DISTRESS_CHANNEL,
    }
