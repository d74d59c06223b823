"""A damaged file that never carried a manifest is reported without one (`c2pa.present: false`), not
`Invalid` (which says it changed after signing); a damaged signed file is still `Invalid`."""

from __future__ import annotations

from provenance.services import StampRequest, stamp, verify
from tests.provenance.conftest import encode, photo


def test_a_file_cut_in_half_is_invalid_only_if_it_was_signed():
    for fmt, mime_type in (("PNG", "image/png"), ("JPEG", "image/jpeg")):
        unsigned = encode(photo(512), fmt)
        c2pa = verify(unsigned[: len(unsigned) // 2])["c2pa"]
        assert c2pa["present"] is False and c2pa["validation_state"] is None, (fmt, c2pa)

        request = StampRequest(image=unsigned, mime_type=mime_type, watermark_id="0123456789ab")
        signed = stamp(request).data
        c2pa = verify(signed[: len(signed) // 2])["c2pa"]
        assert c2pa["present"] is True and c2pa["validation_state"] == "Invalid", (fmt, c2pa)
