"""Times one training step of the lab's `bench` CNN in PyTorch (CPU), the peer of `bench --variants dropout`.

The network is the one Backbones.build makes for `bench`: input 1x28x28 (arriving flat, reshaped), two blocks of
3x3 same-padded conv (ReLU) + 2x2 max pool with 32 and 64 filters, flatten (64 x 7 x 7 = 3136), the slot
(Dropout(p) on its input, then Linear 3136 -> 128, ReLU), Linear 128 -> 64 ReLU, Linear 64 -> 10, softmax
cross-entropy, Adam(lr 1e-3), float32, synthetic uniform inputs and random labels - the same work per step.

Alone it prints one JSON object: the median wall and process-CPU milliseconds of a step over the rounds, and the
thread count used. Usage: peer_pytorch.py --threads 2 --batch 128 --rounds 10 --warmup 3 [--p 0.5]

With --serve it is driven by `bench --peer`: after the warm-up it prints "ready <description>", then for each line
"step" on stdin it runs one step and answers "<wall ms> <cpu ms>", so bench can interleave the peer's steps with
its own round by round (the machine's load then hits both sides alike). It ends at end of input or "quit".
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn


def build(p):
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Dropout(p), nn.Linear(3136, 128), nn.ReLU(),
        nn.Linear(128, 64), nn.ReLU(),
        nn.Linear(64, 10))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--p", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--serve", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    net = build(a.p)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    # flat input reshaped in the step, as the lab's network receives it
    x = torch.rand(a.batch, 28 * 28)
    y = torch.randint(0, 10, (a.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x.view(-1, 1, 28, 28)), y)
        loss.backward()
        opt.step()

    def timed():
        c0, t0 = time.process_time(), time.perf_counter()
        step()
        return (time.perf_counter() - t0) * 1e3, (time.process_time() - c0) * 1e3

    for _ in range(a.warmup):
        step()
    if a.serve:
        print("ready pytorch %s CPU, %d threads, batch %d, Dropout p=%s" % (torch.__version__,
              torch.get_num_threads(), a.batch, a.p), flush=True)
        for line in sys.stdin:
            if line.strip() != "step":
                break
            w, c = timed()
            print("%.3f %.3f" % (w, c), flush=True)
        return
    wall, cpu = [], []
    for _ in range(a.rounds):
        w, c = timed()
        wall.append(w)
        cpu.append(c)
    print(json.dumps({"framework": "pytorch " + torch.__version__, "threads": torch.get_num_threads(),
                      "batch": a.batch, "rounds": a.rounds, "median_ms": statistics.median(wall),
                      "median_cpu_ms": statistics.median(cpu), "wall_ms": [round(v, 1) for v in wall]}))


if __name__ == "__main__":
    main()
