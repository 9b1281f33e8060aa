#!/usr/bin/env python3
"""Print a WebAssembly module's sections and imports; exit 1 if it imports
anything but the placeholders the Rust linker leaves for wasm-bindgen
(getrandom's, which zip and lopdf call only to encrypt). The page gives
each of those a function that refuses, so the checker has no way out of
its own memory.

    python3 web/tools/wasm_check.py [-v] checker.wasm   (-v: each section's size)
"""
import sys


def leb(b, i):
    n = shift = 0
    while True:
        x = b[i]
        i += 1
        n |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return n, i


def name(b, i):
    n, i = leb(b, i)
    return b[i : i + n].decode("utf-8", "replace"), i + n


def main(path):
    b = open(path, "rb").read()
    if b[:4] != b"\0asm":
        sys.exit(f"{path}: not a WebAssembly module")
    i, imports, exports = 8, [], []
    sizes = {}
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        body = b[j : j + size]
        label = str(sid)
        if sid == 0:
            label = "custom:" + name(body, 0)[0]
        sizes[label] = sizes.get(label, 0) + size
        if sid == 2:
            count, k = leb(body, 0)
            for _ in range(count):
                mod, k = name(body, k)
                field, k = name(body, k)
                imports.append(f"{mod}.{field}")
                kind = body[k]
                k += 1
                if kind == 0:
                    _, k = leb(body, k)
                elif kind == 1:
                    k += 1
                    flag = body[k]
                    _, k = leb(body, k + 1)
                    if flag & 1:
                        _, k = leb(body, k)
                elif kind == 2:
                    flag = body[k]
                    _, k = leb(body, k + 1)
                    if flag & 1:
                        _, k = leb(body, k)
                elif kind == 3:
                    k += 2
                else:
                    k += 2
        if sid == 7:
            count, k = leb(body, 0)
            for _ in range(count):
                field, k = name(body, k)
                k += 1
                _, k = leb(body, k)
                exports.append(field)
        i = j + size
    print(f"{path}: {len(b)} bytes")
    if "-v" in sys.argv:
        for label, size in sorted(sizes.items(), key=lambda x: -x[1]):
            print(f"  section {label}: {size} bytes")
    print("  exports:", ", ".join(e for e in exports if not e.startswith("__")))
    allowed = ("__wbindgen_placeholder__.", "__wbindgen_externref_xform__.")
    print("  imports:", ", ".join(imports) or "none")
    other = [i for i in imports if not i.startswith(allowed)]
    if other:
        sys.exit(f"{path}: imports {', '.join(other)}, which the page does not give")


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if a != "-v"][0])
