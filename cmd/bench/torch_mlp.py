"""The seed's MNIST MLP in PyTorch, for side-by-side timing with cmd/bench.

Same recipe as the Keras seed: 784→500 sigmoid→500 sigmoid→10 softmax, glorot_uniform weights
and zero biases, MSE on one-hot labels, SGD(lr=0.1), batch 100, shuffled, raw 0..255 pixels.

With BENCH_TORCH_FLUSH_DENORMAL=1 in the environment, subnormal floats are flushed to zero
(torch.set_flush_denormal(True)).

Protocol (driven by cmd/bench): argv = images.u8 labels.u8 threads seed. Writes "torch_mlp.py:
started" on stderr, then "ready torch VERSION threads N openblas KERNELS" on stdout, where KERNELS
is what OpenBLAS's openblas_get_corename answers in this process (the kernels it chose for the CPU
or was told to use by OPENBLAS_CORETYPE), "unknown" when no OpenBLAS answers. Then reads commands
on stdin, one per line: "epoch" trains one epoch and answers "epoch SECONDS LOSS ACC", SECONDS
timed in this process (start-up excluded); "check N" trains a fresh model from the seed on the
first N batches in order and answers "check LOSS1 ... LOSSN" (the same in every process with the
same seed, whatever the threads or OpenBLAS kernels, up to rounding); "quit" exits.
"""
import ctypes
import os
import sys
import time

import numpy as np
import torch


def build():
    """The seed's model with Keras's initialisation, and its optimizer."""
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 500), torch.nn.Sigmoid(),
        torch.nn.Linear(500, 500), torch.nn.Sigmoid(),
        torch.nn.Linear(500, 10), torch.nn.Softmax(dim=1))
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    return model, torch.optim.SGD(model.parameters(), lr=0.1)


def openblas_kernels():
    """The kernels OpenBLAS uses in this process, asked of the loaded OpenBLAS libraries themselves.

    Debian's torch reaches OpenBLAS through libblas.so.3 (an alternative that libopenblas0-pthread
    provides), so the library is found among the process's mapped files rather than by name.
    """
    try:
        with open("/proc/self/maps") as maps:
            paths = {f[5].strip() for f in (line.split(None, 5) for line in maps)
                     if len(f) == 6 and f[5].startswith("/") and "blas" in os.path.basename(f[5])}
    except OSError:
        return "unknown"
    names = set()
    for path in sorted(paths):
        try:
            corename = ctypes.CDLL(path).openblas_get_corename
        except (OSError, AttributeError):
            continue
        corename.restype = ctypes.c_char_p
        name = corename()
        if name:
            names.add(name.decode())
    return ",".join(sorted(names)) or "unknown"


def main():
    images_path, labels_path, threads, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    if os.environ.get("BENCH_TORCH_FLUSH_DENORMAL") == "1" and not torch.set_flush_denormal(True):
        sys.exit("torch_mlp.py: torch.set_flush_denormal is not supported on this CPU")
    torch.manual_seed(seed)
    x = torch.from_numpy(np.fromfile(images_path, dtype=np.uint8).astype(np.float32).reshape(-1, 784))
    labels = torch.from_numpy(np.fromfile(labels_path, dtype=np.uint8).astype(np.int64))
    y = torch.nn.functional.one_hot(labels, 10).float()

    model, opt = build()
    loss_fn = torch.nn.MSELoss()
    kernels = openblas_kernels()
    print("torch_mlp.py: started", file=sys.stderr, flush=True)
    print("ready torch %s threads %d openblas %s" % (torch.__version__, torch.get_num_threads(), kernels), flush=True)

    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "quit":
            break
        if cmd.startswith("check "):
            torch.manual_seed(seed)
            check_model, check_opt = build()
            losses = []
            for i in range(int(cmd.split()[1])):
                xb, yb = x[i * 100:(i + 1) * 100], y[i * 100:(i + 1) * 100]
                check_opt.zero_grad()
                loss = loss_fn(check_model(xb), yb)
                loss.backward()
                check_opt.step()
                losses.append("%.6f" % loss.item())
            print("check " + " ".join(losses), flush=True)
            continue
        if cmd != "epoch":
            print("error unknown command %r" % cmd, flush=True)
            continue
        start = time.perf_counter()
        perm = torch.randperm(x.shape[0])
        total_loss, correct = 0.0, 0
        for i in range(0, x.shape[0], 100):
            idx = perm[i:i + 100]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            opt.step()
            total_loss += loss.item() * len(idx)
            correct += (out.argmax(1) == yb.argmax(1)).sum().item()
        secs = time.perf_counter() - start
        print("epoch %.4f %.6f %.6f" % (secs, total_loss / x.shape[0], correct / x.shape[0]), flush=True)


if __name__ == "__main__":
    main()
