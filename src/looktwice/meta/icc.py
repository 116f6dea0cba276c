"""Name the colour profile (ICC) embedded in an image."""

from __future__ import annotations

import io

from ..limits import ICC_BYTES


def profile_name(icc: bytes | None) -> str | None:
    """The profile's description ('sRGB IEC61966-2.1', 'Display P3'...), or None."""
    if not icc:
        return None
    if len(icc) > ICC_BYTES:
        return "profile too large to read"
    try:
        from PIL import ImageCms

        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.getProfileDescription(profile).strip() or None
    except Exception:
        return "unreadable profile"
