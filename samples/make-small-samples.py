#!/usr/bin/env python3
"""Writes the small first-try samples (deterministic; needs python3 and numpy, plus lz4 for the text set).

samples/csv/blobs.csv            150 rows, 4 numeric features, 3 classes (Gaussian blobs), with a header
samples/svmlight/debian-packages.svm
                                 400 Debian package short descriptions from this machine's apt lists,
                                 5 sections (the label) x 80, log-TF-IDF, cosine-normalised, 1-based ids
samples/text-folder/<section>/<package>.txt
                                 the short descriptions of 4 sections x 30 packages as text files
samples/image-folder/<shape>/*.png
                                 3 classes (circle, square, cross) x 24 grey 16x16 PNGs
"""
import glob, math, os, re, struct, subprocess, zlib
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261127)

# ---- csv ----
os.makedirs(f"{here}/csv", exist_ok=True)
centres = {"amber": [0, 0, 2, 1], "teal": [3, 1, 0, -1], "violet": [1, 4, -2, 0]}
rows = []
for name, c in centres.items():
    for _ in range(50):
        rows.append([f"{v:.4f}" for v in np.array(c) + rng.normal(0, 1.0, 4)] + [name])
order = rng.permutation(len(rows))
with open(f"{here}/csv/blobs.csv", "w") as f:
    f.write("f1,f2,f3,f4,colour\n")
    for i in order:
        f.write(",".join(rows[i]) + "\n")

# ---- svmlight from Debian package descriptions ----
sections = ["games", "science", "sound", "fonts", "graphics"]
lists = sorted(glob.glob("/var/lib/apt/lists/*bookworm_main_binary-amd64_Packages*"))
if lists:
    raw = subprocess.run(["lz4", "-dc", lists[0]], capture_output=True, check=True).stdout.decode("utf-8", "replace") \
        if lists[0].endswith(".lz4") else open(lists[0]).read()
    docs = {s: [] for s in sections}
    for block in raw.split("\n\n"):
        sec = re.search(r"^Section: (.*)$", block, re.M)
        desc = re.search(r"^Description: (.*)$", block, re.M)
        pkg = re.search(r"^Package: (.*)$", block, re.M)
        if sec and desc and pkg and sec.group(1) in docs:
            docs[sec.group(1)].append((pkg.group(1), desc.group(1)))
    picked = []
    for s in sections:
        d = sorted(set(docs[s]))
        step = max(1, len(d) // 80)
        picked += [(s, text) for _, text in d[::step][:80]]
    tok = [re.findall(r"[a-z]{3,}", t.lower()) for _, t in picked]
    df = {}
    for words in tok:
        for w in set(words):
            df[w] = df.get(w, 0) + 1
    vocab = sorted(w for w, n in df.items() if n >= 2)
    index = {w: i + 1 for i, w in enumerate(vocab)}
    n = len(picked)
    os.makedirs(f"{here}/svmlight", exist_ok=True)
    with open(f"{here}/svmlight/debian-packages.svm", "w") as f:
        f.write(f"# {n} Debian bookworm package short descriptions; label = section; "
                f"(1 + ln tf) * ln(N / df), cosine-normalised; {len(vocab)} terms, ids 1-based in sorted order\n")
        for (s, _), words in zip(picked, tok):
            tf = {}
            for w in words:
                if w in index:
                    tf[w] = tf.get(w, 0) + 1
            vec = {index[w]: (1 + math.log(c)) * math.log(n / df[w]) for w, c in tf.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            f.write(s + "".join(f" {i}:{v / norm:.5f}" for i, v in sorted(vec.items())) + "\n")

    # the same descriptions as plain text files, one sub-folder per section (text-folder source)
    for s in sections[:4]:
        os.makedirs(f"{here}/text-folder/{s}", exist_ok=True)
    for s in sections[:4]:
        d = sorted(set(docs[s]))
        step = max(1, len(d) // 30)
        for pkg, text in d[::step][:30]:
            with open(f"{here}/text-folder/{s}/{pkg}.txt", "w") as f:
                f.write(text + "\n")

# ---- image folder: grey 16x16 PNGs ----
def png_grey(path, img):
    h, w = img.shape
    raw = b"".join(b"\x00" + bytes(img[y].tolist()) for y in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

yy, xx = np.mgrid[0:16, 0:16]
for shape in ["circle", "square", "cross"]:
    os.makedirs(f"{here}/image-folder/{shape}", exist_ok=True)
    for k in range(24):
        cx, cy = rng.uniform(5.5, 9.5, 2)
        r = rng.uniform(3, 5.5)
        if shape == "circle":
            m = (xx - cx) ** 2 + (yy - cy) ** 2 <= r * r
        elif shape == "square":
            m = (abs(xx - cx) <= r * 0.8) & (abs(yy - cy) <= r * 0.8)
        else:
            m = ((abs(xx - cx) <= 1.2) | (abs(yy - cy) <= 1.2)) & (abs(xx - cx) <= r) & (abs(yy - cy) <= r)
        img = np.clip(m * rng.uniform(160, 255) + rng.normal(20, 12, (16, 16)), 0, 255).astype(np.uint8)
        png_grey(f"{here}/image-folder/{shape}/{shape}-{k:02d}.png", img)
print("samples written")
