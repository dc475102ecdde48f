#!/usr/bin/env python3
"""Exports the PyTorch models of Nabla's ONNX acceptance tests and of the
benchmark harness (bench/) with torch.onnx.export (Debian's python3-torch /
python3-torchvision, random weights from a fixed seed) and compares outputs.

  torch-models.py export NAME OUTDIR [--batch B] [--static]
      -> OUTDIR/model.onnx, OUTDIR/input.npy, OUTDIR/shape.txt (the --shape
         pin). --batch replaces the example's batch size; --static exports a
         fixed batch instead of a dynamic one.
  torch-models.py compare GOT.npy REF.npy [--rtol 1e-4]
  torch-models.py list [--bench]

build(NAME, batch) is also the benchmark's PyTorch model: the same seed
gives the same weights and input as the export.

compare's relative error is normwise: max|got - ref| / max|ref|, which must
not exceed rtol (shapes and dtypes must match exactly).
"""
import os
import sys

import numpy as np

MODELS = ["mlp", "mnist_cnn", "cifar_cnn", "lstm", "transformer", "resnet18",
          "mobilenet_v2", "squeezenet1_1"]
# Larger variants for the benchmark harness (bench/), not in the test suite.
BENCH_MODELS = ["mlp_bench", "cifar_cnn_bench", "lstm_bench",
                "transformer_bench"]


def with_batch(example, batch):
    """The example input with its batch (first) dimension replaced; drawn
    after the model so that the weights do not depend on the batch."""
    import torch
    if batch is None:
        return example
    return torch.randn(batch, *example.shape[1:])


def build(name, batch=None):
    """(model, example input, opset) of model NAME, seeded; batch replaces
    the example's batch size."""
    model, example, opset = build_default(name)
    return model, with_batch(example, batch), opset


def build_default(name):
    import torch
    import torch.nn as nn

    torch.manual_seed(0)
    if name == "mlp_bench":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(),
                              nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
        return model, torch.randn(64, 1, 28, 28), 13
    if name == "cifar_cnn_bench":
        model = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(128 * 4 * 4, 128), nn.ReLU(),
            nn.Linear(128, 10))
        return model, torch.randn(32, 3, 32, 32), 13
    if name == "mlp":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(),
                              nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
        return model, torch.randn(8, 1, 28, 28), 13
    if name == "mnist_cnn":
        # The seeds' CNN (examples/mnist_cnn.mlir).
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10), nn.Softmax(dim=1))
        return model, torch.randn(4, 1, 28, 28), 13
    if name == "cifar_cnn":
        model = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Dropout(0.25),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
            nn.Linear(64 * 8 * 8, 128), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(128, 10))
        # Non-trivial running statistics, as after training.
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
        return model, torch.randn(4, 3, 32, 32), 13

    if name in ("lstm", "lstm_bench"):
        features, hidden, classes = (16, 32, 5) if name == "lstm" else (32, 128, 10)

        class LstmClassifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(features, hidden, num_layers=2,
                                    batch_first=True)
                self.head = nn.Linear(hidden, classes)

            def forward(self, x):
                y, _ = self.lstm(x)
                return self.head(y[:, -1, :])
        shape = (3, 12, 16) if name == "lstm" else (16, 32, 32)
        return LstmClassifier(), torch.randn(*shape), 13
    if name in ("transformer", "transformer_bench"):
        d_model, ffn, classes = (32, 64, 4) if name == "transformer" else (128, 256, 10)

        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                layer = nn.TransformerEncoderLayer(d_model=d_model, nhead=4,
                                                   dim_feedforward=ffn,
                                                   dropout=0.1, batch_first=True)
                self.encoder = nn.TransformerEncoder(
                    layer, num_layers=2, enable_nested_tensor=False)
                self.head = nn.Linear(d_model, classes)

            def forward(self, x):
                return self.head(self.encoder(x).mean(dim=1))
        shape = (2, 10, 32) if name == "transformer" else (8, 32, 128)
        return Encoder(), torch.randn(*shape), 17

    import torchvision
    constructors = {"resnet18": torchvision.models.resnet18,
                    "mobilenet_v2": torchvision.models.mobilenet_v2,
                    "squeezenet1_1": torchvision.models.squeezenet1_1}
    if name in constructors:
        model = constructors[name]()
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
        return model, torch.randn(1, 3, 224, 224), 13
    sys.exit("torch-models: unknown model %r (one of %s)" % (
        name, ", ".join(MODELS + BENCH_MODELS)))


def export(name, outdir, batch=None, static=False):
    import torch
    model, example, opset = build(name, batch)
    model.eval()
    os.makedirs(outdir, exist_ok=True)
    # Not under no_grad: in eval mode without gradients PyTorch 1.13 takes
    # the fused TransformerEncoderLayer fast path, which has no ONNX export.
    torch.onnx.export(model, example, os.path.join(outdir, "model.onnx"),
                      opset_version=opset, input_names=["input"],
                      output_names=["output"],
                      dynamic_axes=None if static else
                      {"input": {0: "batch"}, "output": {0: "batch"}})
    np.save(os.path.join(outdir, "input.npy"), example.numpy())
    with open(os.path.join(outdir, "shape.txt"), "w") as f:
        f.write("input=" + "x".join(str(d) for d in example.shape) + "\n")


def relative_error(got, ref, parts=False):
    """Normwise relative error max|got - ref| / max|ref| (the absolute error
    when ref is all zeros); with parts, (error, max abs error, scale)."""
    scale = float(np.max(np.abs(ref.astype(np.float64)))) if ref.size else 0.0
    err = float(np.max(np.abs(got.astype(np.float64) - ref))) if ref.size else 0.0
    rel = err / scale if scale > 0 else err
    return (rel, err, scale) if parts else rel


def compare(got_path, ref_path, rtol):
    got, ref = np.load(got_path), np.load(ref_path)
    if got.shape != ref.shape or got.dtype != ref.dtype:
        print("MISMATCH: got %s %s, reference %s %s" % (
            got.dtype, got.shape, ref.dtype, ref.shape))
        return 1
    rel, err, scale = relative_error(got, ref, parts=True)
    ok = np.isfinite(got).all() and rel <= rtol
    print("%s: relative error %.3g (max abs %.3g, scale %.3g, rtol %g)" % (
        "OK" if ok else "FAIL", rel, err, scale, rtol))
    return 0 if ok else 1


def main():
    args = sys.argv[1:]
    if args[:1] == ["list"]:
        print("\n".join(MODELS + (BENCH_MODELS if "--bench" in args else [])))
        return 0
    if len(args) >= 3 and args[0] == "export":
        batch = int(args[args.index("--batch") + 1]) if "--batch" in args else None
        export(args[1], args[2], batch, "--static" in args)
        return 0
    if len(args) >= 3 and args[0] == "compare":
        rtol = float(args[args.index("--rtol") + 1]) if "--rtol" in args else 1e-4
        return compare(args[1], args[2], rtol)
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
