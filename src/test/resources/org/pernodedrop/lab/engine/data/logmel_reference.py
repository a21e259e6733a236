#!/usr/bin/env python3
"""Independent reference for LogMel (numpy only, float64), written from librosa's documented recipe
(librosa 0.10: filters.mel(htk=False, norm='slaney'), stft(center=True, pad_mode='constant',
window='hann' periodic), power 2, power_to_db(ref=1.0, amin=1e-10, top_db=80)). librosa itself is not
installable here (no Debian package, no PyPI), so this re-derives it; run from this folder:

    python3 logmel_reference.py

It writes
  speech-test-clip.wav          1 s, 16 kHz, mono int16: a 440 Hz + 1,250 Hz tone pair, a 200->4000 Hz
                                chirp in the middle and seeded noise (numpy default_rng(7))
  melbank-16000-2048-128.txt    non-zero entries "mel bin weight" of the 128 x 1025 filter bank
  logmel-16000-2048-128x128.txt the 128 x 128 dB matrix of the clip (row = mel band, hop 125, first 128
                                of the 129 centred frames), one row per line
"""
import numpy as np
import struct

SR, NFFT, MELS, FRAMES = 16000, 2048, 128, 128


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-30) / min_log_hz) / logstep, mels)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_bank(sr, n_fft, n_mels):
    fftfreqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    w = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        w[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
    return w * enorm[:, None]


def logmel(y, sr, n_fft, n_mels, frames):
    hop = len(y) // (frames - 1)
    pad = n_fft // 2
    yp = np.pad(y, (pad, pad), mode="constant")
    n_frames = 1 + (len(yp) - n_fft) // hop
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)
    idx = np.arange(n_fft)[None, :] + hop * np.arange(n_frames)[:, None]
    spec = np.abs(np.fft.rfft(yp[idx] * window, axis=1)) ** 2  # [frames, bins]
    S = mel_bank(sr, n_fft, n_mels) @ spec.T                    # [mels, frames]
    db = 10 * np.log10(np.maximum(1e-10, S))
    db = np.maximum(db, db.max() - 80.0)
    return db[:, :frames], hop, n_frames


def main():
    t = np.arange(SR) / SR
    rng = np.random.default_rng(7)
    sig = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 1250 * t)
    mid = (t > 0.3) & (t < 0.7)
    tc = t[mid] - 0.3
    sig[mid] += 0.3 * np.sin(2 * np.pi * (200 * tc + 0.5 * (3800 / 0.4) * tc ** 2))
    sig += 0.02 * rng.standard_normal(SR)
    pcm = np.clip(np.round(sig * 32767), -32768, 32767).astype("<i2")
    data = pcm.tobytes()
    with open("speech-test-clip.wav", "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE")
        f.write(b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, SR, SR * 2, 2, 16))
        f.write(b"data" + struct.pack("<I", len(data)) + data)
    y = pcm.astype(np.float64) / 32768.0
    W = mel_bank(SR, NFFT, MELS)
    with open("melbank-16000-2048-128.txt", "w") as f:
        for m, k in zip(*np.nonzero(W)):
            f.write(f"{m} {k} {W[m, k]:.10e}\n")
    db, hop, n_frames = logmel(y, SR, NFFT, MELS, FRAMES)
    assert hop == 125 and n_frames == 129, (hop, n_frames)
    with open("logmel-16000-2048-128x128.txt", "w") as f:
        for row in db:
            f.write(" ".join(f"{v:.6f}" for v in row) + "\n")


if __name__ == "__main__":
    main()
