#!/usr/bin/env python3
"""Exports the PyTorch models of Nabla's ONNX acceptance tests with
torch.onnx.export (Debian's python3-torch / python3-torchvision, random
weights from a fixed seed) and compares outputs.

  torch-models.py export NAME OUTDIR   -> OUTDIR/model.onnx, OUTDIR/input.npy,
                                          OUTDIR/shape.txt (the --shape pin)
  torch-models.py compare GOT.npy REF.npy [--rtol 1e-4]
  torch-models.py list

compare's relative error is normwise: max|got - ref| / max|ref|, which must
not exceed rtol (shapes and dtypes must match exactly).
"""
import os
import sys

import numpy as np

MODELS = ["mlp", "mnist_cnn", "cifar_cnn", "lstm", "transformer", "resnet18",
          "mobilenet_v2", "squeezenet1_1"]


def build(name):
    import torch
    import torch.nn as nn

    torch.manual_seed(0)
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

    if name == "lstm":
        class LstmClassifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(16, 32, num_layers=2, batch_first=True)
                self.head = nn.Linear(32, 5)

            def forward(self, x):
                y, _ = self.lstm(x)
                return self.head(y[:, -1, :])
        return LstmClassifier(), torch.randn(3, 12, 16), 13
    if name == "transformer":
        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                layer = nn.TransformerEncoderLayer(d_model=32, nhead=4,
                                                   dim_feedforward=64,
                                                   dropout=0.1, batch_first=True)
                self.encoder = nn.TransformerEncoder(
                    layer, num_layers=2, enable_nested_tensor=False)
                self.head = nn.Linear(32, 4)

            def forward(self, x):
                return self.head(self.encoder(x).mean(dim=1))
        return Encoder(), torch.randn(2, 10, 32), 17

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
    sys.exit("torch-models: unknown model %r (one of %s)" % (name, ", ".join(MODELS)))


def export(name, outdir):
    import torch
    model, example, opset = build(name)
    model.eval()
    os.makedirs(outdir, exist_ok=True)
    # Not under no_grad: in eval mode without gradients PyTorch 1.13 takes
    # the fused TransformerEncoderLayer fast path, which has no ONNX export.
    torch.onnx.export(model, example, os.path.join(outdir, "model.onnx"),
                      opset_version=opset, input_names=["input"],
                      output_names=["output"],
                      dynamic_axes={"input": {0: "batch"},
                                    "output": {0: "batch"}})
    np.save(os.path.join(outdir, "input.npy"), example.numpy())
    with open(os.path.join(outdir, "shape.txt"), "w") as f:
        f.write("input=" + "x".join(str(d) for d in example.shape) + "\n")


def compare(got_path, ref_path, rtol):
    got, ref = np.load(got_path), np.load(ref_path)
    if got.shape != ref.shape or got.dtype != ref.dtype:
        print("MISMATCH: got %s %s, reference %s %s" % (
            got.dtype, got.shape, ref.dtype, ref.shape))
        return 1
    scale = float(np.max(np.abs(ref.astype(np.float64)))) if ref.size else 0.0
    err = float(np.max(np.abs(got.astype(np.float64) - ref))) if ref.size else 0.0
    rel = err / scale if scale > 0 else err
    ok = np.isfinite(got).all() and rel <= rtol
    print("%s: relative error %.3g (max abs %.3g, scale %.3g, rtol %g)" % (
        "OK" if ok else "FAIL", rel, err, scale, rtol))
    return 0 if ok else 1


def main():
    args = sys.argv[1:]
    if args[:1] == ["list"]:
        print("\n".join(MODELS))
        return 0
    if len(args) == 3 and args[0] == "export":
        export(args[1], args[2])
        return 0
    if len(args) >= 3 and args[0] == "compare":
        rtol = float(args[args.index("--rtol") + 1]) if "--rtol" in args else 1e-4
        return compare(args[1], args[2], rtol)
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
