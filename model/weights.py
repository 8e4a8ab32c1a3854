"""Safetensors files of the denoiser: read, write (float16 or int8-g64), split into parts and join.

A file is an 8-byte little-endian header length, a JSON header (tensor name → dtype, shape,
data_offsets; "__metadata__" → strings) and the raw little-endian data (MODEL.md, "Weights").
With "quant": "int8-g64" a linear weight W [out, in] is stored as NAME (I8 [out, in], codes q)
and NAME.scale (F16 [out, in/64], scales s), and W = float16(q · s) (MODEL.md, "Int8 weights").

usage:
  weights.py int8 IN.safetensors OUT.safetensors      quantize a float file (the shipped recipe)
  weights.py join OUT.safetensors PART...             concatenate parts (as run_device.sh writes)
  weights.py info FILE                                tensors, dtypes and metadata
"""
import json
import os
import struct
import sys
from dataclasses import asdict

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

QUANT = "int8-g64"
GROUP = 64
PART_BYTES = 15_000_000  # the device returns files of at most 16 MiB
LINEAR = ("tok_emb", "wqkv", "wo", "w1", "w3", "w2")  # the tensors int8-g64 stores as codes

_NP = {"F16": np.float16, "F32": np.float32, "I8": np.int8}


def read(path):
    """→ (tensors: name → numpy array as stored, metadata dict)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    out = {}
    for name, e in header.items():
        a, b = e["data_offsets"]
        if e["dtype"] == "BF16":
            u = np.frombuffer(data[a:b], dtype=np.uint16).astype(np.uint32) << 16
            arr = u.view(np.float32)
        else:
            arr = np.frombuffer(data[a:b], dtype=_NP[e["dtype"]])
        out[name] = arr.reshape(e["shape"])
    return out, meta


def write(path, tensors, metadata):
    """Writes tensors (name → numpy array of float16, float32 or int8) in the order given."""
    code = {np.dtype(np.float16): "F16", np.dtype(np.float32): "F32", np.dtype(np.int8): "I8"}
    header, blobs, off = {}, [], 0
    for name, arr in tensors.items():
        b = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": code[arr.dtype], "shape": list(arr.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def is_linear(name):
    return name.split(".")[-1] in LINEAR


def quantize(w):
    """w [out, in] float → (q int8 [out, in], s float16 [out, in/64]): s = max|group|/127, symmetric."""
    w = np.asarray(w, dtype=np.float32)
    out, k = w.shape
    if k % GROUP:
        raise ValueError(f"{k} inputs are not a whole number of groups of {GROUP}")
    g = w.reshape(out, k // GROUP, GROUP)
    s = (np.abs(g).max(-1) / 127.0).astype(np.float16)
    sf = s.astype(np.float32)[..., None]
    q = np.where(sf > 0, np.rint(g / np.where(sf > 0, sf, 1)), 0)
    return np.clip(q, -127, 127).astype(np.int8).reshape(out, k), s


def dequantize(q, s):
    """W = float16(q · s), as float32: the product is exact in float32, rounded once to float16."""
    out, k = q.shape
    w = q.astype(np.float32).reshape(out, k // GROUP, GROUP) * s.astype(np.float32)[..., None]
    return w.astype(np.float16).astype(np.float32).reshape(out, k)


def float_tensors(tensors, meta):
    """The file's tensors as float32 arrays by name, int8 weights dequantized."""
    quant = meta.get("quant")
    if quant not in (None, QUANT):
        raise ValueError(f"quant {quant!r} not supported")
    out = {}
    for name, arr in tensors.items():
        if name.endswith(".scale"):
            continue
        if arr.dtype == np.int8:
            if quant != QUANT:
                raise ValueError(f"{name} is I8 but the metadata has no quant {QUANT!r}")
            if (arr == -128).any():
                raise ValueError(f"{name}: code -128")
            out[name] = dequantize(arr, tensors[name + ".scale"])
        else:
            out[name] = arr.astype(np.float32)
    return out


def load(path, device="cpu"):
    """→ (Denoiser with the file's weights in float32, metadata)."""
    import torch
    from denoiser import Config, Denoiser
    tensors, meta = read(path)
    cfg = Config(**json.loads(meta["config"]))
    model = Denoiser(cfg)
    named = model.tensors()
    values = float_tensors(tensors, meta)
    if set(values) != set(named):
        raise ValueError(f"{path}: tensors {sorted(set(values) ^ set(named))} missing or unexpected")
    with torch.no_grad():
        for name, p in named.items():
            if tuple(values[name].shape) != tuple(p.shape):
                raise ValueError(f"{path}: {name} has shape {values[name].shape}, the config needs {tuple(p.shape)}")
            p.copy_(torch.from_numpy(values[name]))
    return model.to(device), meta


def save(model, path, quant=None, metadata=None):
    """Writes the model as float16, or with quant="int8-g64" its linear weights as int8 codes and
    float16 scales (norms float16). metadata adds string entries beside "config"."""
    meta = {"config": json.dumps(asdict(model.cfg))}
    if quant:
        if quant != QUANT:
            raise ValueError(f"quant {quant!r} not supported")
        meta["quant"] = QUANT
    meta.update(metadata or {})
    out = {}
    for name, p in model.tensors().items():
        w = p.detach().float().cpu().numpy()
        if quant and is_linear(name):
            out[name], out[name + ".scale"] = quantize(w)
        else:
            out[name] = w.astype(np.float16)
    write(path, out, meta)


def split(path, prefix, part_bytes=PART_BYTES):
    """Cuts the file into prefix.00, prefix.01, ... of at most part_bytes; returns their paths."""
    data = open(path, "rb").read()
    paths = []
    for i in range(0, len(data), part_bytes):
        p = f"{prefix}.{i // part_bytes:02d}"
        with open(p, "wb") as f:
            f.write(data[i:i + part_bytes])
        paths.append(p)
    return paths


def join(out, parts):
    with open(out, "wb") as f:
        for p in sorted(parts):
            f.write(open(p, "rb").read())


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "int8" and len(sys.argv) == 4:
        model, meta = load(sys.argv[2])
        extra = {k: v for k, v in meta.items() if k not in ("config", "quant")}
        save(model, sys.argv[3], quant=QUANT, metadata=extra)
        print(f"wrote {sys.argv[3]}: {os.path.getsize(sys.argv[3])} bytes")
    elif cmd == "join" and len(sys.argv) >= 4:
        join(sys.argv[2], sys.argv[3:])
        print(f"wrote {sys.argv[2]}: {os.path.getsize(sys.argv[2])} bytes")
    elif cmd == "info" and len(sys.argv) == 3:
        tensors, meta = read(sys.argv[2])
        for name, arr in tensors.items():
            print(f"{name:28s} {str(arr.dtype):8s} {list(arr.shape)}")
        print(json.dumps(meta, indent=1))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
