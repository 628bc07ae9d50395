#!/usr/bin/env python3
"""Writes hostile vrex packs (and one good one) into a folder, one `<case>.vrex` each, for tests/cli/pack.sh and the
seed corpus of tests/fuzz/fuzz_pack.cpp. Usage: pack_hostile.py OUTDIR [GOOD_PACK]

With GOOD_PACK (a pack `vrex pack` wrote), `altered.vrex` is that pack with one member's bytes changed after packing
(same size, the zip's CRC updated to match, so only the manifest's SHA-256 can tell)."""
import hashlib
import io
import json
import struct
import sys
import zipfile
import zlib

TOUR = b"tour: {title: Hostile}\nscenes:\n  - id: a\n    panorama: p.png\n"
# A 2x1 PNG, enough for the loader to open the tour.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x01\x08\x02\x00\x00\x00\x7b\x40\xe8\xdd"
       b"\x00\x00\x00\x0fIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\xa6\x8f\x9e\x8a\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")


def manifest(members, tour="tour.yaml"):
    return json.dumps({"format": "vrex-pack", "version": 1, "tour": tour,
                       "members": [{"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                                   for n, d in members]}).encode()


def write(path, entries, compress=zipfile.ZIP_STORED):
    """entries: (ZipInfo or name, bytes) in order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as z:
        for info, data in entries:
            if isinstance(info, str):
                info = zipfile.ZipInfo(info, (2020, 1, 1, 0, 0, 0))
                info.compress_type = compress
            z.writestr(info, data)
    open(path, "wb").write(buf.getvalue())
    return buf.getvalue()


def good_members(extra=()):
    return [("tour.yaml", TOUR), ("p.png", PNG), *extra]


def pack(path, members, listed=None, compress=zipfile.ZIP_STORED, tour="tour.yaml"):
    listed = members if listed is None else listed
    return write(path, [("vrex-pack.json", manifest(listed, tour)), *members], compress)


def patch_sizes(data, name, size):
    """Sets the uncompressed size of `name` in its local header and central directory entry."""
    out = bytearray(data)
    n = name.encode()
    local = out.find(b"PK\x03\x04" + b"\x00" * 0)
    while local >= 0:
        name_len = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30:local + 30 + name_len] == n:
            struct.pack_into("<I", out, local + 22, size)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46:central + 46 + name_len] == n:
            struct.pack_into("<I", out, central + 24, size)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def main():
    out = sys.argv[1]
    pack(f"{out}/good.vrex", good_members())
    pack(f"{out}/dotdot.vrex", good_members([("../evil.txt", b"evil")]))
    pack(f"{out}/absolute.vrex", good_members([("/tmp/vrex-pack-evil.txt", b"evil")]))
    pack(f"{out}/backslash.vrex", good_members([("..\\evil.txt", b"evil")]))
    link = zipfile.ZipInfo("link.png", (2020, 1, 1, 0, 0, 0))
    link.create_system = 3
    link.external_attr = (0o120777 << 16)
    write(f"{out}/symlink.vrex", [("vrex-pack.json", manifest(good_members([("link.png", b"/etc/passwd")]))),
                                  *good_members(), (link, b"/etc/passwd")])
    import warnings
    warnings.simplefilter("ignore")
    write(f"{out}/duplicate.vrex", [("vrex-pack.json", manifest(good_members())), *good_members(),
                                    ("p.png", b"other bytes")])
    write(f"{out}/no-manifest.vrex", good_members())
    pack(f"{out}/unlisted.vrex", good_members([("extra.bin", b"x")]), listed=good_members())
    pack(f"{out}/missing-member.vrex", good_members(), listed=good_members([("gone.png", PNG)]))
    bad = good_members()
    write(f"{out}/manifest-size-lies.vrex",
          [("vrex-pack.json", manifest([("tour.yaml", TOUR), ("p.png", PNG + b"!")])), *bad])
    # The zip's own headers claim 4 bytes more than the deflated data holds (the manifest agrees with the headers).
    members = good_members([("notes.txt", b"hello " * 100)])
    data = pack(f"{out}/zip-size-lies.vrex", members, compress=zipfile.ZIP_DEFLATED,
                listed=good_members([("notes.txt", b"hello " * 100 + b"1234")]))
    open(f"{out}/zip-size-lies.vrex", "wb").write(patch_sizes(data, "notes.txt", 604))
    # A zip bomb: 64 MB of zeros that deflate to about 64 KB.
    zeros = bytes(64 << 20)
    pack(f"{out}/bomb.vrex", good_members([("zeros.bin", zeros)]), compress=zipfile.ZIP_DEFLATED)
    # A member whose headers declare 4 GB from a few compressed bytes: refused before anything is decompressed.
    data = pack(f"{out}/huge-claim.vrex", good_members([("big.bin", b"small")]), compress=zipfile.ZIP_DEFLATED)
    open(f"{out}/huge-claim.vrex", "wb").write(patch_sizes(data, "big.bin", 0xFFFFFFF0))
    tampered = good_members()
    write(f"{out}/checksum.vrex", [("vrex-pack.json", manifest(tampered)), ("tour.yaml", TOUR),
                                   ("p.png", PNG[:-1] + b"\x00")])
    pack(f"{out}/bad-version.vrex", good_members())
    z = io.BytesIO(open(f"{out}/bad-version.vrex", "rb").read())
    m = json.loads(manifest(good_members()))
    m["version"] = 2
    write(f"{out}/bad-version.vrex", [("vrex-pack.json", json.dumps(m).encode()), *good_members()])
    open(f"{out}/not-a-zip.vrex", "wb").write(b"PK\x03\x04 this is not a zip")
    if len(sys.argv) > 2:
        alter(sys.argv[2], f"{out}/altered.vrex")


def alter(good, path):
    """Rewrites the pack with the first .jpg member's middle byte flipped (same size, CRC recomputed)."""
    src = zipfile.ZipFile(good)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        done = False
        for info in src.infolist():
            data = src.read(info)
            if not done and info.filename.endswith(".jpg"):
                data = bytearray(data)
                data[len(data) // 2] ^= 0xFF
                data = bytes(data)
                done = True
                print(info.filename)
            z.writestr(info, data)
    open(path, "wb").write(buf.getvalue())


if __name__ == "__main__":
    main()
