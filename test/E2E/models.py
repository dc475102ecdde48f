#!/usr/bin/env python3
"""Generates the end-to-end test models and their NumPy reference outputs.

    models.py NAME OUTDIR [--seed N]   writes OUTDIR/model.mlir, OUTDIR/inputs/
                                       NN_<input>.npy, OUTDIR/expected/<output>.npy
    models.py --list                   prints the model names
    models.py --ops NAME               prints the nabla ops NAME's model uses
    models.py NAME OUTDIR --only A,B   keeps only outputs A and B (and what they
                                       need): a small model for a failing output

Everything is deterministic for a given seed. Inputs and weights are scaled
(PyTorch-like initialisation, inputs of magnitude ~1) so that the outputs
are well conditioned and a relative error of 1e-5 is meaningful. Values whose
result is discontinuous in them (floor, round, casts, comparisons, argmax)
are model inputs, never computed intermediates, so that rounding inside the
compiled code cannot flip them.
"""
import argparse
import math
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from builder import Model  # noqa: E402
import reference as ref  # noqa: E402

MODELS = {}


def model(fn):
    MODELS[fn.__name__] = fn
    return fn


# ---------------------------------------------------------------------------
# Whole networks
# ---------------------------------------------------------------------------


@model
def mlp(m):
    """784-128-64-10 with relu, gemm trans_b and softmax, batch 8."""
    x = m.input("x", m.uniform((8, 784), 0.0, 1.0))
    h = m.unary("relu", m.linear(x, "fc1", 784, 128))
    h = m.unary("relu", m.linear(h, "fc2", 128, 64))
    logits = m.output("logits", m.linear(h, "fc3", 64, 10))
    m.output("probabilities", m.softmax(logits, 1))


def cnn_weights(m):
    """The seeds' CNN parameters with PyTorch's default initialisation."""
    shapes = {}
    for name, (out_ch, in_ch) in {"conv1": (32, 1), "conv2": (64, 32), "conv3": (64, 64)}.items():
        shapes[name] = ((out_ch, in_ch, 3, 3), in_ch * 9)
    shapes["fc1"] = ((64, 576), 576)
    shapes["fc2"] = ((10, 64), 64)
    weights = {}
    for name, (shape, fan_in) in shapes.items():
        bound = 1.0 / math.sqrt(fan_in)
        weights[f"{name}.weight"] = m.uniform(shape, bound)
        weights[f"{name}.bias"] = m.uniform((shape[0],), bound)
    return weights


@model
def mnist_cnn(m):
    """The seeds' CNN: conv 3x3 32 -> relu -> maxpool 2 -> conv 3x3 64 -> relu
    -> maxpool 2 -> conv 3x3 64 -> relu -> flatten -> dense 64 -> relu
    -> dense 10 -> softmax, input 64x1x28x28."""
    weights = cnn_weights(m)
    p = {name: m.param(name, value) for name, value in weights.items()}
    x = m.input("input", m.uniform((64, 1, 28, 28), 0.0, 1.0))
    h = m.unary("relu", m.conv2d(x, p["conv1.weight"], p["conv1.bias"]))
    h = m.max_pool2d(h, [2, 2], strides=[2, 2])
    h = m.unary("relu", m.conv2d(h, p["conv2.weight"], p["conv2.bias"]))
    h = m.max_pool2d(h, [2, 2], strides=[2, 2])
    h = m.unary("relu", m.conv2d(h, p["conv3.weight"], p["conv3.bias"]))
    h = m.flatten(h, 1)
    h = m.unary("relu", m.gemm(h, p["fc1.weight"], p["fc1.bias"], trans_b=True))
    logits = m.gemm(h, p["fc2.weight"], p["fc2.bias"], trans_b=True)
    m.output("probabilities", m.softmax(logits, 1))


EXAMPLE_CNN = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir,
                           "examples", "mnist_cnn.mlir")


def mnist_cnn_example(directory, seed):
    """examples/mnist_cnn.mlir itself (dynamic batch) with random weights.

    The bundled file's splat placeholders are replaced by the weights of
    `mnist_cnn` for the same seed, so the expected output is that model's;
    the test compiles it with --shape input=64x1x28x28.
    """
    reference_model = Model("mnist_cnn", seed)
    mnist_cnn(reference_model)
    weights = {symbol: array for symbol, array, _ in reference_model.params}
    with open(EXAMPLE_CNN) as f:
        text = f.read()
    from builder import dense_literal

    def replace(match):
        symbol = match.group(1)
        return f"{match.group(0).rsplit('=', 1)[0]}= {dense_literal(weights.pop(symbol))}"
    text = re.sub(r"^nabla\.parameter @([\w.]+)[^=\n]*=\s*dense<[^>]*>", replace, text,
                  flags=re.M)
    assert not weights, f"parameters missing from the example: {sorted(weights)}"
    reference_model.write(directory)
    with open(os.path.join(directory, "model.mlir"), "w") as f:
        f.write(text)


@model
def bn_residual(m):
    """A ResNet basic block: conv-bn-relu-conv-bn + identity, relu, global pool, dense."""
    x = m.input("x", m.normal((4, 16, 10, 10)))
    h = m.conv_layer(x, "conv1", 16, 16, 3, bias=False, pads=[1, 1, 1, 1])
    h = m.unary("relu", m.batch_norm_layer(h, "bn1", 16))
    h = m.conv_layer(h, "conv2", 16, 16, 3, bias=False, pads=[1, 1, 1, 1])
    h = m.batch_norm_layer(h, "bn2", 16)
    h = m.output("block", m.unary("relu", m.add(h, x)))
    features = m.output("features", m.flatten(m.global_avg_pool2d(h)))
    m.output("logits", m.linear(features, "fc", 16, 10))


def recurrent_weights(m, gates, directions, hidden, inputs):
    bound = 1.0 / math.sqrt(hidden)
    w = m.uniform((directions, gates * hidden, inputs), bound)
    r = m.uniform((directions, gates * hidden, hidden), bound)
    b = m.uniform((directions, 2 * gates * hidden), bound)
    return w, r, b


@model
def lstm(m):
    """An LSTM over a short sequence, its last hidden state into a dense layer."""
    seq, batch, inputs, hidden = 7, 3, 10, 12
    x = m.input("x", m.normal((seq, batch, inputs)))
    w, r, b = recurrent_weights(m, 4, 1, hidden, inputs)
    y, y_h, y_c = m.lstm(x, m.param("lstm.w", w), m.param("lstm.r", r),
                         bias=m.param("lstm.b", b), hidden_size=hidden)
    m.output("y", y)
    m.output("y_c", y_c)
    last = m.output("last_hidden", m.squeeze(y_h, [0]))
    m.output("logits", m.linear(last, "fc", hidden, 5))


@model
def lstm_variants(m):
    """Bidirectional LSTM with every optional operand; reverse LSTM with clip and
    coupled input-forget gates; the two last hidden states into a dense layer."""
    seq, batch, inputs, hidden = 6, 4, 5, 8
    x = m.input("x", m.normal((seq, batch, inputs)))
    lens = m.input("sequence_lens", np.array([6, 3, 1, 5], dtype=np.int32))
    h0 = m.input("initial_h", m.uniform((2, batch, hidden), 0.5))
    c0 = m.input("initial_c", m.uniform((2, batch, hidden), 0.5))
    w, r, b = recurrent_weights(m, 4, 2, hidden, inputs)
    peep = m.param("bi.peepholes", m.uniform((2, 3 * hidden), 0.5))
    y, y_h, y_c = m.lstm(x, m.param("bi.w", w), m.param("bi.r", r), bias=m.param("bi.b", b),
                         sequence_lens=lens, initial_h=h0, initial_c=c0, peepholes=peep,
                         hidden_size=hidden, direction="bidirectional")
    m.output("bi_y", y)
    m.output("bi_y_h", y_h)
    m.output("bi_y_c", y_c)
    # Weights scaled up so that some gate pre-activations exceed the clip.
    w2, r2, b2 = recurrent_weights(m, 4, 1, hidden, inputs)
    y2, y2_h, y2_c = m.lstm(x, m.param("rev.w", w2 * 3), m.param("rev.r", r2 * 3),
                            bias=m.param("rev.b", b2), hidden_size=hidden, direction="reverse",
                            clip=1.5, input_forget=True)
    m.output("rev_y", y2)
    m.output("rev_y_c", y2_c)
    both = m.reshape(m.transpose(y_h, [1, 0, 2]), [batch, 2 * hidden])
    both = m.concat([both, m.squeeze(y2_h, [0])], 1)
    m.output("logits", m.linear(both, "fc", 3 * hidden, 4))


@model
def gru(m):
    """GRU forward (default reset), bidirectional with linear_before_reset,
    sequence lengths, initial state and clip."""
    seq, batch, inputs, hidden = 6, 3, 7, 9
    x = m.input("x", m.normal((seq, batch, inputs)))
    w, r, b = recurrent_weights(m, 3, 1, hidden, inputs)
    y, y_h = m.gru(x, m.param("fw.w", w), m.param("fw.r", r), bias=m.param("fw.b", b),
                   hidden_size=hidden)
    m.output("fw_y", y)
    m.output("fw_logits", m.linear(m.squeeze(y_h, [0]), "fc", hidden, 4))
    lens = m.input("sequence_lens", np.array([4, 6, 2], dtype=np.int64))
    h0 = m.input("initial_h", m.uniform((2, batch, hidden), 0.5))
    w2, r2, b2 = recurrent_weights(m, 3, 2, hidden, inputs)
    y2, y2_h = m.gru(x, m.param("bi.w", w2 * 2), m.param("bi.r", r2 * 2),
                     bias=m.param("bi.b", b2), sequence_lens=lens, initial_h=h0,
                     hidden_size=hidden, direction="bidirectional", clip=1.0,
                     linear_before_reset=True)
    m.output("bi_y", y2)
    m.output("bi_y_h", y2_h)
    # A reverse GRU without bias and with the default reset.
    w3, r3, _ = recurrent_weights(m, 3, 1, hidden, inputs)
    _, y3_h = m.gru(x, m.param("rev.w", w3), m.param("rev.r", r3), hidden_size=hidden,
                    direction="reverse")
    m.output("rev_y_h", y3_h)


@model
def rnn(m):
    """Elman RNNs: tanh forward, relu reverse with an initial state, sigmoid
    bidirectional with sequence lengths and clip."""
    seq, batch, inputs, hidden = 5, 3, 4, 6
    x = m.input("x", m.normal((seq, batch, inputs)))
    w, r, b = recurrent_weights(m, 1, 1, hidden, inputs)
    y, y_h = m.rnn(x, m.param("tanh.w", w), m.param("tanh.r", r), bias=m.param("tanh.b", b),
                   hidden_size=hidden)
    m.output("tanh_y", y)
    m.output("tanh_logits", m.linear(m.squeeze(y_h, [0]), "fc", hidden, 3))
    h0 = m.input("initial_h", m.uniform((1, batch, hidden), 0.0, 1.0))
    w2, r2, b2 = recurrent_weights(m, 1, 1, hidden, inputs)
    y2, y2_h = m.rnn(x, m.param("relu.w", w2), m.param("relu.r", r2),
                     bias=m.param("relu.b", b2), initial_h=h0, hidden_size=hidden,
                     direction="reverse", activation="relu")
    m.output("relu_y", y2)
    m.output("relu_y_h", y2_h)
    lens = m.input("sequence_lens", np.array([2, 5, 3], dtype=np.int32))
    w3, r3, b3 = recurrent_weights(m, 1, 2, hidden, inputs)
    y3, y3_h = m.rnn(x, m.param("sig.w", w3 * 3), m.param("sig.r", r3 * 3),
                     bias=m.param("sig.b", b3), sequence_lens=lens, hidden_size=hidden,
                     direction="bidirectional", clip=1.0, activation="sigmoid")
    m.output("sig_y", y3)
    m.output("sig_y_h", y3_h)


@model
def attention(m):
    """A pre-norm transformer block: layer_norm -> q/k/v -> heads -> causal
    scaled dot-product attention -> output projection -> residual, then a
    layer_norm -> gelu MLP -> residual."""
    batch, seq, dim, heads = 2, 8, 32, 4
    hd = dim // heads
    x = m.input("x", m.normal((batch, seq, dim)))

    def proj(v, name, fan_in, fan_out):
        bound = 1.0 / math.sqrt(fan_in)
        w = m.param(f"{name}.weight", m.uniform((fan_in, fan_out), bound))
        b = m.param(f"{name}.bias", m.uniform((fan_out,), bound))
        return m.add(m.matmul(v, w), b)

    ln = m.layer_norm(x, m.param("ln1.weight", m.uniform((dim,), 0.8, 1.2)),
                      m.param("ln1.bias", m.uniform((dim,), 0.1)), axis=2)

    def heads_of(v):
        return m.transpose(m.reshape(v, [batch, seq, heads, hd]), [0, 2, 1, 3])

    q = heads_of(proj(ln, "q", dim, dim))
    k = heads_of(proj(ln, "k", dim, dim))
    v = heads_of(proj(ln, "v", dim, dim))
    scores = m.matmul(q, m.transpose(k, [0, 1, 3, 2]))
    scores = m.mul(scores, m.const(np.array(1.0 / math.sqrt(hd), dtype=np.float32)))
    causal = np.tril(np.ones((seq, seq), dtype=np.bool_))
    scores = m.where(m.const(causal), scores, m.const(np.array([-1e9], dtype=np.float32)))
    probs = m.output("attention", m.softmax(scores, 3))
    ctx = m.reshape(m.transpose(m.matmul(probs, v), [0, 2, 1, 3]), [batch, seq, dim])
    h = m.output("attended", m.add(proj(ctx, "o", dim, dim), x))
    ln2 = m.layer_norm(h, m.param("ln2.weight", m.uniform((dim,), 0.8, 1.2)),
                       m.param("ln2.bias", m.uniform((dim,), 0.1)), axis=2)
    ff = proj(m.unary("gelu", proj(ln2, "ff1", dim, 2 * dim)), "ff2", 2 * dim, dim)
    m.output("y", m.add(ff, h))


# ---------------------------------------------------------------------------
# Op coverage: small graphs that together use every nabla op
# ---------------------------------------------------------------------------


@model
def ops_elementwise(m):
    """Unary math, activations and binary arithmetic on f32 (and f64), with
    NumPy broadcasting, rank-0 constants and every optional attribute."""
    a = m.input("a", m.uniform((4, 5), 2.0))
    a.array[0, :2] = 0.0  # sign(0), relu/leaky/elu at 0
    b = m.input("b", m.uniform((5,), 0.5, 2.0))
    c = m.input("c", m.uniform((4, 1), 2.0))
    p = m.input("p", m.uniform((4, 5), 0.1, 3.0))
    halves = np.array([[-2.5, -1.5, -0.5, 0.5, 1.5], [2.5, -1.2, 0.7, 3.3, -0.2],
                       [-3.7, 4.0, -4.0, 0.49, -0.51], [1e6 + 0.5, -7.5, 6.5, 0.0, -0.0]],
                      dtype=np.float32)
    r = m.input("r", halves)
    out = m.output
    out("add", m.add(a, b))
    out("sub", m.sub(b, a))
    out("mul", m.mul(a, c))
    out("div", m.div(a, b))
    out("pow", m.pow(p, a))
    out("pow_scalar", m.pow(p, m.const(np.array(2.0, dtype=np.float32))))
    out("max", m.max(a, c))
    out("min", m.min(c, a))
    out("neg", m.unary("neg", a))
    out("abs", m.unary("abs", a))
    out("sign", m.unary("sign", a))
    out("exp", m.unary("exp", a))
    out("log", m.unary("log", p))
    out("sqrt", m.unary("sqrt", p))
    out("rsqrt", m.unary("rsqrt", p))
    out("reciprocal", m.unary("reciprocal", p))
    out("erf", m.unary("erf", a))
    out("floor", m.unary("floor", r))
    out("ceil", m.unary("ceil", r))
    out("round", m.unary("round", r))
    out("tanh", m.unary("tanh", a))
    out("sigmoid", m.unary("sigmoid", a))
    out("relu", m.unary("relu", a))
    out("leaky_relu", m.unary("leaky_relu", a))
    out("leaky_relu_alpha", m.unary("leaky_relu", a, alpha=0.2))
    out("elu", m.unary("elu", a))
    out("elu_alpha", m.unary("elu", a, alpha=0.5))
    out("selu", m.unary("selu", a))
    out("selu_custom", m.unary("selu", a, alpha=1.5, gamma=2.0))
    out("gelu", m.unary("gelu", a))
    out("gelu_tanh", m.unary("gelu", a, approximate="tanh"))
    out("softplus", m.unary("softplus", a))
    out("hard_sigmoid", m.unary("hard_sigmoid", m.mul(a, c)))
    out("hard_sigmoid_custom", m.unary("hard_sigmoid", a, alpha=0.4, beta=0.3))
    out("clip", m.clip(a, -0.5, 1.0))
    out("clip_min", m.clip(a, min=0.25))
    out("clip_max", m.clip(a, max=-0.25))
    # f64 end to end, and a chain mixing broadcasts with a rank-0 constant.
    d = m.input("d", m.uniform((3, 4), 2.0, dtype=np.float64))
    e = m.input("e", m.uniform((4,), 0.5, 2.0, dtype=np.float64))
    out("f64_chain", m.unary("tanh", m.div(m.add(m.mul(d, e), m.unary("exp", d)), e)))
    out("f64_gelu", m.unary("gelu", d))
    out("f64_sigmoid", m.unary("sigmoid", d))
    half = m.const(np.array(0.5, dtype=np.float32))
    out("chain", m.unary("sqrt", m.add(m.mul(m.unary("abs", a), half), b)))


@model
def ops_integer(m):
    """Integer arithmetic: truncating division, wrapping, signedness (i64, i32,
    i8, ui8), clip and the numeric unary ops."""
    a = m.input("a", m.integers((3, 4), -20, 21))
    b = m.input("b", np.array([-7, -3, 2, 5], dtype=np.int64))
    out = m.output
    out("add", m.add(a, b))
    out("sub", m.sub(a, b))
    out("mul", m.mul(a, b))
    out("div", m.div(a, b))
    out("max", m.max(a, b))
    out("min", m.min(a, b))
    out("neg", m.unary("neg", a))
    out("abs", m.unary("abs", a))
    out("sign", m.unary("sign", a))
    out("clip", m.clip(a, -5.0, 5.0))
    i = m.input("i32", m.integers((2, 3), -1000, 1000, np.int32))
    j = m.input("j32", np.array([[7, -9, 13]], dtype=np.int32))
    out("i32_div", m.div(i, j))
    out("i32_mul_sub", m.sub(m.mul(i, j), i))
    # Wrapping is stated for add only; the other i8 cases stay in range.
    s = m.input("s8", np.array([100, 120, -100, -128, 50, 127, -1, 3], dtype=np.int8))
    t = m.input("t8", np.array([100, 10, -100, -1, 50, 1, -128, -3], dtype=np.int8))
    out("i8_add_wrap", m.add(s, t))
    s2 = m.input("s8_small", np.array([-11, 7, 12, -3, 0, 10], dtype=np.int8))
    t2 = m.input("t8_small", np.array([11, -9, 10, -42, 5, -12], dtype=np.int8))
    out("i8_mul", m.mul(s2, t2))
    out("i8_neg", m.unary("neg", t2))
    s3 = m.input("s8_div", np.array([-128, 127, -100, 99, -7, 7], dtype=np.int8))
    t3 = m.input("t8_div", np.array([3, -4, 7, -10, 2, -2], dtype=np.int8))
    out("i8_div", m.div(s3, t3))
    u = m.input("u8", np.array([200, 100, 3, 255, 0, 128, 129, 7], dtype=np.uint8))
    v = m.input("v8", np.array([100, 200, 2, 1, 9, 127, 2, 255], dtype=np.uint8))
    out("u8_add_wrap", m.add(u, v))
    out("u8_sub", m.sub(m.max(u, v), m.min(u, v)))
    out("u8_div", m.div(u, v))
    out("u8_max", m.max(u, v))
    out("u8_min", m.min(u, v))
    out("u8_clip", m.clip(u, 10.0, 200.0))
    out("u8_sign", m.unary("sign", u))


@model
def ops_integer_widths(m):
    """i16, ui16, ui32 and ui64 arithmetic, comparison, reduction and casts
    (reached through casts, since .npy inputs are i64/i32/i8/ui8): unsigned
    division and comparison above the signed range, zero extension, wrapping
    add, unsigned-to-float conversion."""
    out = m.output

    def of(values, dtype, source=np.int64):
        return m.cast(m.input(f"in{m.counter}", np.array(values, source)), dtype)
    a16 = of([30000, -30000, 1234, -7, 32767], np.int16)
    b16 = of([10000, -10000, -3, 2, 1], np.int16)
    out("i16_add_wrap", m.cast(m.add(a16, b16), np.int64))
    out("i16_div", m.cast(m.div(a16, b16), np.int64))
    out("i16_mul", m.cast(m.mul(of([123, -45, 7, 0, -1], np.int16),
                                of([-3, 2, 11, 5, 300], np.int16)), np.int64))
    out("i16_max", m.cast(m.max(a16, b16), np.int32))
    out("i16_lt", m.compare("lt", a16, b16))
    out("i16_abs_neg", m.cast(m.unary("neg", m.unary("abs", b16)), np.int64))
    u16 = of([65535, 40000, 3, 0], np.uint16)
    v16 = of([2, 3, 3, 1], np.uint16)
    out("u16_div", m.cast(m.div(u16, v16), np.int64))
    out("u16_add_wrap", m.cast(m.add(u16, of([1, 30000, 65535, 0], np.uint16)), np.int64))
    out("u16_gt", m.compare("gt", u16, of([1, 50000, 3, 0], np.uint16)))
    out("u16_to_f32", m.cast(u16, np.float32))
    u32 = of([4000000000, 3000000000, 5, 2147483648], np.uint32)
    v32 = of([3, 7, 2, 2], np.uint32)
    out("u32_div", m.cast(m.div(u32, v32), np.int64))
    out("u32_gt", m.compare("gt", u32, of([1, 3000000001, 5, 2147483647], np.uint32)))
    out("u32_min", m.cast(m.min(u32, of([4294967295, 1, 6, 2147483649], np.uint32)), np.int64))
    out("u32_to_f64", m.cast(u32, np.float64))
    out("u32_to_i64", m.cast(u32, np.int64))
    out("u32_reduce_max", m.cast(m.reduce("reduce_max", u32, [0]), np.int64))
    out("u32_argmax", m.arg_reduce("argmax", u32, 0))
    u64 = of([1.5e19, 1e19, 12345.0, 9.3e18], np.uint64, np.float64)
    v64 = of([3, 7, 5, 2], np.uint64)
    out("u64_div", m.cast(m.div(u64, v64), np.float64))
    out("u64_gt", m.compare("gt", u64, of([1.0, 1e19 + 2048, 12345.0, 1.0], np.uint64,
                                          np.float64)))
    out("u64_to_f64", m.cast(u64, np.float64))
    out("u64_sub", m.cast(m.sub(u64, of([1e19, 1e18, 45.0, 9e18], np.uint64, np.float64)),
                          np.float64))


@model
def ops_logic(m):
    """compare (every predicate, f32/i64/ui8), logical ops, where and cast
    between f32, f64, i64, i32, i8, ui8 and i1."""
    a = m.input("a", np.round(m.uniform((4, 5), 3.0) * 2) / 2)  # many exact ties
    b = m.input("b", np.round(m.uniform((5,), 3.0) * 2).astype(np.float32) / 2)
    out = m.output
    for pred in ["eq", "ne", "lt", "le", "gt", "ge"]:
        out(f"f32_{pred}", m.compare(pred, a, b))
    ia = m.input("ia", m.integers((3, 4), -3, 4))
    ib = m.input("ib", m.integers((3, 1), -3, 4))
    out("i64_le", m.compare("le", ia, ib))
    out("i64_ne", m.compare("ne", ia, ib))
    u = m.input("u", np.array([200, 100, 3, 255, 0, 128], dtype=np.uint8))
    v = m.input("v", np.array([100, 200, 3, 1, 9, 127], dtype=np.uint8))
    out("u8_gt", m.compare("gt", u, v))
    out("u8_lt", m.compare("lt", u, v))
    p = m.input("p", m.rng.random((4, 5)) < 0.5)
    q = m.input("q", m.rng.random((5,)) < 0.5)
    out("and", m.logical_and(p, q))
    out("or", m.logical_or(q, p))
    out("xor", m.logical_xor(p, q))
    out("not", m.logical_not(p))
    out("where", m.where(p, a, m.const(np.array([-1.0], dtype=np.float32))))
    out("where_i64", m.where(m.compare("lt", ia, ib), ia, ib))
    out("where_bool", m.where(q, p, m.logical_not(p)))
    f = m.input("f", np.array([[-2.7, -0.5, 0.0, 0.4, 1.0, 2.99],
                               [127.9, -128.9, 3.5, -3.5, 250.2, -7e5]], dtype=np.float32))
    f8 = m.input("f8", np.array([-128.9, -127.5, -0.7, 0.7, 126.5, 127.9], dtype=np.float32))
    nonneg = m.input("nonneg", np.array([0.0, 0.9, 1.5, 128.7, 254.99, 255.0], np.float32))
    out("f32_to_i64", m.cast(f, np.int64))
    out("f32_to_i32", m.cast(f, np.int32))
    out("f32_to_i8", m.cast(f8, np.int8))
    out("f32_to_u8", m.cast(nonneg, np.uint8))
    out("f32_to_i1", m.cast(f, np.bool_))
    out("f32_to_f64", m.cast(a, np.float64))
    d = m.input("d", m.uniform((2, 3), 1e3, dtype=np.float64))
    out("f64_to_f32", m.cast(d, np.float32))
    out("f64_to_i64", m.cast(d, np.int64))
    out("i1_to_f32", m.cast(p, np.float32))
    out("i1_to_i64", m.cast(p, np.int64))
    out("i64_to_f32", m.cast(ia, np.float32))
    out("i64_to_i32", m.cast(ia, np.int32))
    out("i64_to_i1", m.cast(ia, np.bool_))
    out("u8_to_f32", m.cast(u, np.float32))
    out("u8_to_i32", m.cast(u, np.int32))
    s = m.input("s", np.array([-128, -1, 0, 1, 127], dtype=np.int8))
    out("i8_to_i64", m.cast(s, np.int64))
    out("i8_to_f32", m.cast(s, np.float32))
    out("i32_to_i8", m.cast(m.input("i", np.array([1, -1, 100, -128, 127], np.int32)), np.int8))


@model
def ops_contraction(m):
    """matmul with 1-D promotion and batch broadcasting (f32, i32, i64) and
    gemm with transposes, alpha, beta and every shape of C."""
    a = m.input("a", m.normal((5, 7)))
    b = m.input("b", m.normal((7, 3)))
    out = m.output
    out("mm", m.matmul(a, b))
    a3 = m.input("a3", m.normal((2, 5, 7)))
    out("mm_batch_rhs2d", m.matmul(a3, b))
    a4 = m.input("a4", m.normal((2, 1, 4, 6)))
    b3 = m.input("b3", m.normal((3, 6, 5)))
    out("mm_broadcast", m.matmul(a4, b3))
    v = m.input("v", m.normal((7,)))
    out("mm_vec_mat", m.matmul(v, b))
    out("mm_mat_vec", m.matmul(a, v))
    out("mm_vec_vec", m.matmul(v, v))
    out("mm_batch_vec", m.matmul(a3, v))
    ia = m.input("ia", m.integers((3, 4), -50, 50, np.int32))
    ib = m.input("ib", m.integers((4, 2), -50, 50, np.int32))
    out("mm_i32", m.matmul(ia, ib))
    la = m.input("la", m.integers((2, 3, 4), -10**6, 10**6, np.int64))
    out("mm_i64", m.matmul(la, m.input("lb", m.integers((4, 2), -10**6, 10**6, np.int64))))
    c = m.input("c", m.normal((5, 3)))
    out("gemm", m.gemm(a, m.input("b2", m.normal((7, 3)))))
    out("gemm_c", m.gemm(a, b, c))
    out("gemm_alpha_beta", m.gemm(a, b, c, alpha=0.5, beta=2.0))
    at = m.input("at", m.normal((7, 5)))
    bt = m.input("bt", m.normal((3, 7)))
    out("gemm_trans_a", m.gemm(at, b, m.input("c_row", m.normal((3,))), trans_a=True))
    out("gemm_trans_b", m.gemm(a, bt, m.input("c_col", m.normal((5, 1))), trans_b=True,
                               beta=-1.0))
    out("gemm_trans_ab", m.gemm(at, bt, m.input("c_one", m.normal((1,))), trans_a=True,
                                trans_b=True, alpha=-2.0))
    out("gemm_c_scalar", m.gemm(a, b, m.input("c_scalar", np.array(1.5, np.float32)),
                                beta=0.25))
    out("gemm_c_1x1", m.gemm(a, b, m.input("c_1x1", m.normal((1, 1)))))
    lc = m.input("lc", m.integers((3,), -100, 100, np.int64))
    out("gemm_i64", m.gemm(m.input("ga", m.integers((2, 4), -9, 10, np.int64)),
                           m.input("gb", m.integers((4, 3), -9, 10, np.int64)), lc,
                           alpha=2.0, beta=3.0))


@model
def ops_fused(m):
    """fused_matmul and fused_conv2d with every epilogue part and activation:
    transposes, 3-D batches (a shared 2-D b and a batch of b), per-column and
    per-row biases, residuals, alpha; f32 and f64."""
    out = m.output
    x = m.input("x", m.normal((6, 20)))
    w = m.param("w", m.uniform((20, 12), 0.3))
    wt = m.param("wt", m.uniform((12, 20), 0.3))
    b = m.param("b", m.uniform((12,), 0.5))
    r = m.input("r", m.normal((6, 12)))
    out("mm_plain", m.fused_matmul(x, w))
    out("mm_bias_relu", m.fused_matmul(x, wt, bias=b, trans_b=True, activation="relu"))
    out("mm_residual_alpha", m.fused_matmul(x, w, bias=b, residual=r, alpha=0.75))
    xt = m.input("xt", m.normal((20, 6)))
    row = m.input("row_bias", m.normal((6, 1)))
    for activation, act_alpha, act_beta in [("clip", -0.5, 0.5), ("leaky_relu", 0.1, 0.0),
                                            ("sigmoid", 0.0, 0.0), ("tanh", 0.0, 0.0),
                                            ("gelu_erf", 0.0, 0.0), ("gelu_tanh", 0.0, 0.0)]:
        out(f"mm_{activation}", m.fused_matmul(xt, w, bias=row, trans_a=True,
                                               activation=activation, act_alpha=act_alpha,
                                               act_beta=act_beta))
    q = m.input("q", m.normal((3, 5, 8)))
    k = m.input("k", m.normal((3, 7, 8)))
    out("mm_batched_trans_b", m.fused_matmul(q, k, trans_b=True, alpha=0.35))
    shared = m.param("shared", m.uniform((8, 4), 0.5))
    out("mm_shared_b", m.fused_matmul(q, shared, bias=m.param("sb", m.uniform((4,), 0.5)),
                                      activation="relu"))
    qt = m.input("qt", m.normal((3, 8, 5)))
    v = m.input("v", m.normal((3, 4, 8)))
    out("mm_batched_trans_ab", m.fused_matmul(qt, v, trans_a=True, trans_b=True,
                                              residual=m.input("rb", m.normal((3, 5, 4)))))
    # Sizes past the kernels' register tiles, panels and K blocks (runtime
    # kernels at -O1 and up): edges in M and N, K > 1024, a per-row bias per
    # product, and a batch folded into M.
    big = m.input("big", m.normal((150, 1100)))
    out("mm_large_gelu", m.fused_matmul(
        big, m.param("wbig", m.uniform((70, 1100), 0.05)), bias=m.param("bbig", m.uniform((70,), 0.5)),
        trans_b=True, activation="gelu_tanh"))
    qb = m.input("qb", m.normal((4, 37, 45)))
    out("mm_batched_row_bias", m.fused_matmul(
        qb, m.param("wqb", m.uniform((45, 33), 0.2)), bias=m.input("rowb", m.normal((4, 37, 1))),
        activation="sigmoid"))
    out("mm_folded_batch", m.fused_matmul(
        qb, m.param("wfb", m.uniform((45, 40), 0.2)), residual=m.input("rfb", m.normal((4, 37, 40))),
        alpha=-1.5))
    x64 = m.input("x64", m.normal((4, 9), dtype=np.float64))
    out("mm_f64", m.fused_matmul(x64, m.param("w64", m.uniform((9, 3), 0.5, dtype=np.float64)),
                                 activation="gelu_erf"))

    f = m.input("f", m.normal((2, 4, 9, 9)))

    def conv_weight(name, shape):
        bound = 1.0 / math.sqrt(shape[1] * shape[2] * shape[3])
        return m.param(name, m.uniform(shape, bound))
    skip = m.input("skip", m.normal((2, 6, 9, 9)))
    out("conv_residual_relu", m.fused_conv2d(
        f, conv_weight("c1.weight", (6, 4, 3, 3)), bias=m.param("c1.bias", m.uniform((6,), 0.3)),
        residual=skip, pads=[1, 1, 1, 1], activation="relu"))
    out("conv_depthwise_relu6", m.fused_conv2d(
        f, conv_weight("c2.weight", (4, 1, 3, 3)), strides=[2, 2], pads=[1, 1, 1, 1], groups=4,
        activation="clip", act_alpha=0.0, act_beta=6.0))
    out("conv_plain", m.fused_conv2d(f, conv_weight("c3.weight", (5, 4, 1, 1))))
    out("conv_groups_leaky", m.fused_conv2d(
        f, conv_weight("c4.weight", (6, 2, 3, 3)), bias=m.param("c4.bias", m.uniform((6,), 0.3)),
        groups=2, dilations=[2, 1], activation="leaky_relu", act_alpha=0.2))


@model
def ops_conv(m):
    """conv2d and conv_transpose2d with strides, asymmetric pads, dilations,
    groups, depthwise, non-square kernels, without bias, and small images
    in a batch."""
    x = m.input("x", m.normal((2, 4, 9, 9)))
    out = m.output
    out("conv", m.conv_layer(x, "c1", 4, 6, 3))
    out("conv_stride_pad", m.conv_layer(x, "c2", 4, 6, 3, strides=[2, 2], pads=[1, 0, 2, 1]))
    out("conv_dilation", m.conv_layer(x, "c3", 4, 5, 3, pads=[2, 2, 2, 2], dilations=[2, 2]))
    out("conv_groups", m.conv_layer(x, "c4", 4, 6, 3, groups=2, strides=[1, 2]))
    out("conv_depthwise", m.conv_layer(x, "c5", 4, 8, 3, groups=4, pads=[1, 1, 1, 1]))
    out("conv_1x1_nobias", m.conv_layer(x, "c6", 4, 3, 1, bias=False))
    w = m.param("c7.weight", m.uniform((3, 4, 2, 3), 0.3))
    out("conv_2x3", m.conv2d(x, w, strides=[3, 2], dilations=[1, 3]))
    out("conv_depthwise_stride", m.conv_layer(x, "c8", 4, 4, 3, groups=4, strides=[2, 2],
                                              pads=[1, 1, 0, 1]))
    out("conv_1x1_stride", m.conv_layer(x, "c9", 4, 5, 1, strides=[2, 2]))
    # Small images in a batch: the runtime kernel puts several images'
    # columns side by side in one product.
    b = m.input("b", m.normal((13, 6, 5, 5)))
    out("conv_small_images", m.conv_layer(b, "c10", 6, 7, 3))
    out("conv_small_images_grouped", m.conv_layer(b, "c11", 6, 4, 3, groups=2, pads=[1, 1, 1, 1]))
    t = m.input("t", m.normal((2, 4, 5, 5)))

    def wt(name, shape):
        return m.param(name, m.uniform(shape, 1.0 / math.sqrt(shape[0] * shape[2] * shape[3])))
    out("deconv", m.conv_transpose2d(t, wt("d1.weight", (4, 3, 3, 3))))
    out("deconv_stride", m.conv_transpose2d(
        t, wt("d2.weight", (4, 3, 3, 3)), m.param("d2.bias", m.uniform((3,), 0.3)),
        strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1]))
    out("deconv_dilation", m.conv_transpose2d(t, wt("d3.weight", (4, 2, 2, 3)),
                                              dilations=[2, 1], pads=[0, 1, 2, 0]))
    out("deconv_groups", m.conv_transpose2d(
        t, wt("d4.weight", (4, 3, 3, 3)), m.param("d4.bias", m.uniform((6,), 0.3)),
        strides=[2, 1], output_padding=[1, 0], groups=2))


@model
def parallel_loops(m):
    """Ops large enough for nabla-parallelize-loops to split over threads:
    an elementwise chain, softmax, layer norm, a sum along rows, a batch-1
    tensor whose first loop is a unit one, and a transpose."""
    x = m.input("x", m.normal((96, 640)))
    out = m.output
    out("chain", m.mul(m.unary("tanh", x), m.unary("exp", m.mul(x, m.const(
        np.array(0.25, dtype=np.float32))))))
    out("softmax", m.softmax(x, axis=1))
    out("layer_norm", m.layer_norm(x, m.param("ln.weight", m.uniform((640,), 0.8, 1.2)),
                                   m.param("ln.bias", m.uniform((640,), 0.1)), axis=1))
    out("row_sum", m.reduce("reduce_sum", x, [1]))
    image = m.input("image", m.normal((1, 24, 40, 40)))
    out("image_sigmoid", m.unary("sigmoid", image))
    out("transpose", m.transpose(x, [1, 0]))


@model
def ops_pool(m):
    """max/avg pooling with strides, pads, dilations, ceil_mode (including a
    dropped last window), count_include_pad, integer max pooling, global pools."""
    x = m.input("x", m.normal((2, 3, 9, 10)))
    out = m.output
    out("max_k3", m.max_pool2d(x, [3, 3]))
    out("max_k2s2", m.max_pool2d(x, [2, 2], strides=[2, 2]))
    out("max_pads", m.max_pool2d(x, [3, 3], strides=[2, 2], pads=[1, 1, 1, 1]))
    out("max_asym", m.max_pool2d(x, [2, 3], strides=[1, 2], pads=[1, 0, 0, 2]))
    out("max_dilation", m.max_pool2d(x, [2, 2], dilations=[2, 3], strides=[2, 1]))
    out("max_ceil", m.max_pool2d(x, [2, 2], strides=[2, 2], ceil_mode=True))
    s = m.input("s", m.normal((1, 2, 5, 5)))
    out("max_ceil_drop", m.max_pool2d(s, [2, 2], strides=[2, 2], pads=[1, 1, 1, 1],
                                      ceil_mode=True))
    out("max_i64", m.max_pool2d(m.input("xi", m.integers((1, 2, 4, 4), -100, 100)), [2, 2],
                                strides=[2, 2]))
    out("avg_k2s2", m.avg_pool2d(x, [2, 2], strides=[2, 2]))
    out("avg_pads", m.avg_pool2d(x, [3, 3], strides=[2, 2], pads=[1, 1, 1, 1]))
    out("avg_pads_count", m.avg_pool2d(x, [3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                                       count_include_pad=True))
    out("avg_asym_count", m.avg_pool2d(x, [3, 2], strides=[1, 3], pads=[2, 0, 1, 1],
                                       count_include_pad=True))
    out("avg_ceil", m.avg_pool2d(x, [2, 2], strides=[2, 2], ceil_mode=True))
    out("avg_ceil_count", m.avg_pool2d(s, [2, 2], strides=[2, 2], pads=[1, 1, 1, 1],
                                       ceil_mode=True, count_include_pad=True))
    out("avg_ceil_pads", m.avg_pool2d(x, [3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                                      ceil_mode=True))
    out("avg_ceil_pads_count", m.avg_pool2d(x, [3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                                            ceil_mode=True, count_include_pad=True))
    out("global_avg", m.global_avg_pool2d(x))
    out("global_max", m.global_max_pool2d(x))
    out("global_max_u8", m.global_max_pool2d(
        m.input("xu", m.integers((2, 2, 3, 3), 0, 256, np.uint8))))


@model
def ops_norm(m):
    """batch_norm (rank 4 and 2, epsilon), batch_norm_train (every result,
    momentum, unbiased running variance), layer_norm (axes, broadcast scale,
    no bias) and dropout whose result is known (eval mode, ratio 0)."""
    out = m.output
    x = m.input("x", m.normal((3, 4, 5, 5), 2.0) + 1.0)
    ch = 4

    def stats(name, n):
        return (m.param(f"{name}.scale", m.uniform((n,), 0.5, 1.5)),
                m.param(f"{name}.bias", m.uniform((n,), 0.5)),
                m.param(f"{name}.mean", m.uniform((n,), 0.5), False),
                m.param(f"{name}.var", m.uniform((n,), 0.5, 2.0), False))
    out("bn", m.batch_norm(x, *stats("bn", ch)))
    x2 = m.input("x2", m.normal((6, 3)))
    out("bn_rank2_eps", m.batch_norm(x2, *stats("bn2", 3), epsilon=1e-3))
    results = m.batch_norm_train(x, *stats("bnt", ch))
    for name, value in zip(["y", "running_mean", "running_var", "saved_mean", "saved_inv_std"],
                           results):
        out(f"bnt_{name}", value)
    x3 = m.input("x3", m.normal((5, 3, 7), 0.5) - 0.3)
    results = m.batch_norm_train(x3, *stats("bnt3", 3), epsilon=1e-3, momentum=0.99,
                                 unbiased_running_var=True)
    for name, value in zip(["y", "running_mean", "running_var", "saved_mean", "saved_inv_std"],
                           results):
        out(f"bnt3_{name}", value)
    h = m.input("h", m.normal((2, 5, 8), 1.5) + 0.5)
    out("ln_last", m.layer_norm(h, m.param("ln1.scale", m.uniform((8,), 0.5, 1.5)),
                                m.param("ln1.bias", m.uniform((8,), 0.5)), axis=2))
    out("ln_two_axes", m.layer_norm(h, m.param("ln2.scale", m.uniform((5, 8), 0.5, 1.5)),
                                    axis=1, epsilon=1e-3))
    out("ln_broadcast", m.layer_norm(h, m.param("ln3.scale", m.uniform((1, 8), 0.5, 1.5)),
                                     m.param("ln3.bias", m.uniform((5, 1), 0.5)), axis=1))
    y, mask = m.dropout_eval(h, mode="eval", ratio=0.5, seed=3)
    out("dropout_eval", y)
    out("dropout_eval_mask", mask)
    y, mask = m.dropout_eval(x2, mode="train", ratio=0.0)
    out("dropout_ratio0", y)
    out("dropout_ratio0_mask", mask)


@model
def ops_dropout_train(m):
    """Train-mode dropout: y is 0 or x / (1 - ratio) as the mask says, the kept
    fraction is plausible, and one seed on one shape gives one mask."""
    x = m.input("x", m.uniform((64, 64), 0.5, 1.5))
    x2 = m.input("x2", m.uniform((64, 64), -1.5, -0.5))
    y, mask, kept = m.dropout_train(x, 0.3, 42)
    m.output_dropout("y", "mask", y, mask, kept, 0.3)
    y2, mask2, kept2 = m.dropout_train(x2, 0.3, 42)
    m.output_dropout("y_same_seed", "mask_same_seed", y2, mask2, kept2, 0.3, same_mask_as="mask")
    v = m.input("v", m.uniform((2000,), 1.0, 2.0))
    y3, mask3, kept3 = m.dropout_train(v, 0.5, 7)
    m.output_dropout("y_half", "mask_half", y3, mask3, kept3, 0.5)
    y4, mask4, kept4 = m.dropout_train(m.mul(x, x2), 0.1, None)
    m.output_dropout("y_default_seed", "mask_default_seed", y4, mask4, kept4, 0.1)


@model
def ops_reduction(m):
    """Every reduction with axes sets and keep_dims, on floats and integers;
    argmax/argmin with ties, select_last_index, unsigned data; softmax and
    log_softmax on every axis; a log-sum-exp that would overflow unstabilized."""
    x = m.input("x", m.uniform((3, 4, 5), 1.0))
    pos = m.input("pos", m.uniform((3, 4, 5), 0.5, 1.5))
    out = m.output
    out("sum_1", m.reduce("reduce_sum", x, [1]))
    out("sum_02_keep", m.reduce("reduce_sum", x, [2, 0], keep_dims=True))
    out("mean_2", m.reduce("reduce_mean", x, [2]))
    out("mean_all", m.reduce("reduce_mean", pos, [0, 1, 2]))
    out("max_1_keep", m.reduce("reduce_max", x, [1], keep_dims=True))
    out("min_02", m.reduce("reduce_min", x, [0, 2]))
    out("prod_2", m.reduce("reduce_prod", pos, [2]))
    out("l2_12", m.reduce("reduce_l2", x, [1, 2]))
    out("lse_2_keep", m.reduce("reduce_log_sum_exp", x, [2], keep_dims=True))
    big = m.input("big", m.uniform((2, 6), 80.0, 120.0))
    out("lse_large", m.reduce("reduce_log_sum_exp", big, [1]))
    i = m.input("i", m.integers((3, 4, 5), -9, 10))
    out("i64_sum_1", m.reduce("reduce_sum", i, [1]))
    out("i64_prod_2", m.reduce("reduce_prod", i, [2]))
    out("i64_max_0", m.reduce("reduce_max", i, [0], keep_dims=True))
    u = m.input("u", m.integers((4, 6), 0, 256, np.uint8))
    out("u8_min_1", m.reduce("reduce_min", u, [1]))
    out("u8_max_1", m.reduce("reduce_max", u, [1]))
    out("i32_sum_0", m.reduce("reduce_sum", m.input("j", m.integers((5, 3), -99, 99, np.int32)),
                              [0]))
    ties = m.input("ties", m.integers((3, 4, 5), 0, 3).astype(np.float32))
    out("argmax_1", m.arg_reduce("argmax", x, 1))
    out("argmax_ties", m.arg_reduce("argmax", ties, 2))
    out("argmax_ties_last_keep", m.arg_reduce("argmax", ties, 2, keep_dims=True,
                                              select_last_index=True))
    out("argmin_ties", m.arg_reduce("argmin", ties, 0))
    out("argmin_ties_last", m.arg_reduce("argmin", ties, 1, select_last_index=True))
    out("argmax_i64", m.arg_reduce("argmax", i, 1, keep_dims=True))
    out("argmax_u8", m.arg_reduce("argmax", u, 1))
    out("argmin_u8", m.arg_reduce("argmin", u, 0))
    for axis in range(3):
        out(f"softmax_{axis}", m.softmax(x, axis))
        out(f"log_softmax_{axis}", m.log_softmax(x, axis))
    out("softmax_large", m.softmax(big, 1))


@model
def ops_shape(m):
    """reshape, flatten, transpose, squeeze, unsqueeze, concat, split, slice,
    gather, pad, expand and tile, on f32, i64 and bool data."""
    x = m.input("x", m.normal((2, 3, 4)))
    out = m.output
    out("reshape", m.reshape(x, [4, 6]))
    out("reshape_infer", m.reshape(x, [-1, 2]))
    out("reshape_flat", m.reshape(x, [24]))
    for axis in range(4):
        out(f"flatten_{axis}", m.flatten(x, axis))
    out("flatten_default", m.flatten(m.input("f", m.normal((3, 2, 2)))))
    out("transpose", m.transpose(x, [2, 0, 1]))
    s = m.input("s", m.normal((2, 1, 3, 1)))
    out("squeeze", m.squeeze(s, [3, 1]))
    out("unsqueeze", m.unsqueeze(x, [0, 3]))
    x2 = m.input("x2", m.normal((2, 2, 4)))
    out("concat_1", m.concat([x, x2, x], 1))
    out("concat_2", m.concat([x, m.mul(x, x)], 2))
    p1, p2 = m.split(x, [1, 2], axis=1)
    out("split_a", p1)
    out("split_b", p2)
    q1, q2, q3 = m.split(x, [1, 2, 1], axis=2)
    out("split_c", q1)
    out("split_d", q2)
    out("split_e", q3)
    (r1, r2) = m.split(x, [1, 1])
    out("split_axis0_a", r1)
    out("split_axis0_b", r2)
    out("slice", m.slice(x, [1], [-1], [2]))
    out("slice_neg_step", m.slice(x, [-1], [-(2**63)], [2], [-2]))
    out("slice_multi", m.slice(x, [0, 3], [2, 0], [0, 2], [1, -1]))
    out("slice_clamp", m.slice(x, [-100], [100], [1], [2]))
    out("gather_0", m.gather(x, m.input("g0", np.array([[1, 0], [-1, 1]], np.int64))))
    out("gather_1", m.gather(x, m.input("g1", np.array([2, -3, 0], np.int32)), axis=1))
    out("gather_scalar", m.gather(x, m.input("g2", np.array(3, np.int64)), axis=2))
    out("pad_const", m.pad(x, [0, 1, 2, 1, 0, 1], value=1.5))
    out("pad_zero", m.pad(x, [1, 0, 0, 0, 2, 0]))
    out("pad_reflect", m.pad(x, [0, 0, 2, 0, 2, 3], mode="reflect"))
    out("pad_edge", m.pad(x, [1, 0, 0, 0, 2, 1], mode="edge"))
    out("pad_crop", m.pad(x, [0, -1, 1, 0, 0, -2]))
    c = m.input("c", m.normal((3, 1)))
    out("expand", m.expand(c, [2, 3, 4]))
    out("expand_bidir", m.expand(c, [2, 1, 1, 5]))
    out("tile", m.tile(x, [1, 2, 3]))
    i = m.input("i", m.integers((2, 3), -50, 50))
    flags = m.input("flags", m.rng.random((2, 3)) < 0.5)
    out("i64_transpose", m.transpose(i, [1, 0]))
    out("i64_pad", m.pad(i, [1, 0, 0, 2], value=7.0))
    out("i64_tile", m.tile(i, [2, 1]))
    out("i64_gather", m.gather(i, m.input("gi", np.array([1, 1, 0], np.int64)), axis=0))
    out("i64_slice", m.slice(i, [2], [0], [1], [-1]))
    out("bool_concat", m.concat([flags, m.logical_not(flags)], 0))
    out("bool_expand", m.expand(m.reshape(flags, [2, 3, 1]), [2, 3, 2]))
    out("bool_tile", m.tile(flags, [2, 2]))


@model
def ops_embedding(m):
    """embedding with i64 and i32 indices (including negative ones) and a
    rank-0 index, feeding a small bag-of-embeddings classifier."""
    table = m.param("emb.weight", m.normal((10, 6)))
    ids = m.input("ids", np.array([[1, 4, 9, -1], [0, 0, 7, -10], [3, 2, 5, 8]], np.int64))
    emb = m.output("emb", m.embedding(table, ids))
    m.output("emb_i32", m.embedding(table, m.input("ids32", np.array([5, -2, 0], np.int32))))
    m.output("emb_scalar", m.embedding(table, m.input("one", np.array(6, np.int64))))
    bag = m.reduce("reduce_mean", emb, [1])
    m.output("logits", m.linear(bag, "fc", 6, 3))


@model
def index_checks(m):
    """The ops that read through indices, each on valid indices at the edges
    of their range (negative ones from the end, ignore_index labels);
    index_errors.test reruns it with one input made invalid at a time."""
    out = m.output
    table = m.param("table", m.normal((10, 4)))
    out("gather", m.gather(table, m.input("ids", np.array([0, 9, -10, -1, 3], np.int64))))
    out("gather_axis1", m.gather(m.input("x", m.normal((2, 3, 4))),
                                 m.input("cols", np.array([[2, -3], [0, 1]], np.int32)), axis=1))
    emb = m.param("emb", m.normal((6, 3)))
    out("embedding", m.embedding(emb, m.input("tokens", np.array([[5, -6], [0, -1]], np.int64))))
    logits = m.input("logits", m.normal((4, 5)))
    labels = m.input("labels", np.array([4, -100, 0, 2], np.int64))
    out("nll", m.nll_loss(m.log_softmax(logits, 1), labels, ignore_index=-100))
    out("sce", m.softmax_cross_entropy(logits, m.input("labels32", np.array([0, -1, 4, 3], np.int32)),
                                       reduction="none", ignore_index=-1))


@model
def index_tuples(m):
    """An explicit check_index of index tuples (GatherND's), entry k against
    axis 1 + k, then a use of the tuples; index_errors.test reruns it with an
    invalid entry."""
    tuples = m.input("tuples", np.array([[3, -5], [-4, 4]], np.int64))
    m.check_index(tuples, [4, 5], axis=1, allow_negative=True, site="tuples")
    m.output("tuples_sum", m.reduce("reduce_sum", tuples, [1]))


@model
def ops_loss(m):
    """mse, softmax cross-entropy (index and probability labels, weight,
    ignore_index, k-d), nll, bce (clamped logs), bce with logits (weight,
    pos_weight, large logits), each with every reduction."""
    out = m.output
    y = m.input("y", m.normal((6, 5)))
    t = m.input("t", m.normal((6, 5)))
    out("mse_mean", m.mse_loss(y, t))
    out("mse_sum", m.mse_loss(y, t, "sum"))
    out("mse_none", m.mse_loss(y, t, "none"))
    labels = m.input("labels", np.array([0, 3, 4, -100, 1, 3], np.int64))
    clean = m.input("clean_labels", np.array([2, 0, 4, 1, 1, 3], np.int64))
    weight = m.param("class_weight", m.uniform((5,), 0.5, 1.5), False)
    out("sce_mean", m.softmax_cross_entropy(y, clean))
    out("sce_weight_ignore", m.softmax_cross_entropy(y, labels, weight, ignore_index=-100))
    out("sce_sum_ignore", m.softmax_cross_entropy(y, labels, reduction="sum", ignore_index=-100))
    out("sce_none_weight", m.softmax_cross_entropy(y, clean, weight, reduction="none"))
    probs = m.input("probs", ref.softmax(m.normal((6, 5)), 1))
    out("sce_probs_mean", m.softmax_cross_entropy(y, probs))
    out("sce_probs_none", m.softmax_cross_entropy(y, probs, reduction="none"))
    y3 = m.input("y3", m.normal((3, 5, 4)))
    l3 = m.input("l3", m.integers((3, 4), 0, 5, np.int32))
    out("sce_kd_weight_sum", m.softmax_cross_entropy(y3, l3, weight, reduction="sum"))
    out("sce_kd_mean", m.softmax_cross_entropy(y3, l3))
    logp = m.log_softmax(y, 1)
    out("nll_mean", m.nll_loss(logp, clean))
    out("nll_weight_ignore", m.nll_loss(logp, labels, weight, ignore_index=-100))
    out("nll_none", m.nll_loss(logp, labels, reduction="none", ignore_index=-100))
    out("nll_kd_sum", m.nll_loss(m.log_softmax(y3, 1), l3, weight, reduction="sum"))
    out("nll_ignore_positive", m.nll_loss(logp, clean, ignore_index=1))
    p = m.uniform((6, 5), 0.05, 0.95)
    p[0, 0], p[1, 1], p[2, 2], p[3, 3] = 0.0, 1.0, 0.0, 1.0  # logs clamped at -100
    pr = m.input("p", p)
    tg = m.input("targets", m.uniform((6, 5), 0.0, 1.0))
    bw = m.param("bce_weight", m.uniform((5,), 0.5, 1.5), False)
    out("bce_mean", m.binary_cross_entropy(pr, tg))
    out("bce_weight_sum", m.binary_cross_entropy(pr, tg, bw, reduction="sum"))
    out("bce_none", m.binary_cross_entropy(pr, tg, reduction="none"))
    z = m.normal((6, 5), 3.0)
    z[0, :] = [40.0, -40.0, 90.0, -90.0, 0.0]  # exp overflow unless stabilized
    logits = m.input("z", z)
    pw = m.param("pos_weight", m.uniform((5,), 0.5, 3.0), False)
    out("bcel_mean", m.binary_cross_entropy_with_logits(logits, tg))
    out("bcel_weight_pos_sum", m.binary_cross_entropy_with_logits(logits, tg, weight=bw,
                                                                  pos_weight=pw,
                                                                  reduction="sum"))
    out("bcel_pos_none", m.binary_cross_entropy_with_logits(logits, tg, pos_weight=pw,
                                                            reduction="none"))
    out("bcel_weight_none", m.binary_cross_entropy_with_logits(logits, tg, weight=bw,
                                                               reduction="none"))


@model
def ops_special_values(m):
    """The NaN, infinity and zero semantics the op descriptions state or
    inherit from ONNX/C: max/min/relu/sign/reduce_max/reduce_min propagate NaN,
    ordered comparisons, argmax/argmin count NaN as the extreme, log at 0 and
    below, NaN cast to bool, 1/0, softmax and log-sum-exp with infinite
    entries."""
    nan = np.nan
    a = m.input("a", np.array([[1.0, nan, -2.0, 0.5], [nan, 3.0, -1.0, 4.0]], np.float32))
    b = m.input("b", np.array([0.0, 1.0, nan, 0.25], np.float32))
    out = m.output
    out("max", m.max(a, b))
    out("min", m.min(a, b))
    out("relu", m.unary("relu", a))
    out("sign", m.unary("sign", a))
    out("lt", m.compare("lt", a, b))
    out("eq", m.compare("eq", a, b))
    out("ne", m.compare("ne", a, b))
    out("ge", m.compare("ge", a, b))
    out("reduce_max", m.reduce("reduce_max", a, [1]))
    out("reduce_min", m.reduce("reduce_min", a, [0]))
    out("argmax", m.arg_reduce("argmax", a, 1))
    out("argmin", m.arg_reduce("argmin", a, 1))
    out("argmax_last", m.arg_reduce("argmax", m.input("two_nans", np.array(
        [[1.0, nan, 5.0, nan, 2.0]], np.float32)), 1, select_last_index=True))
    out("log", m.unary("log", m.input("l", np.array([0.0, -1.0, 1.0, np.inf], np.float32))))
    out("nan_to_i1", m.cast(a, np.bool_))  # x != 0 holds for NaN
    zeros = m.input("zeros", np.array([0.0, -0.0, 4.0], np.float32))
    out("reciprocal_zero", m.unary("reciprocal", zeros))
    out("rsqrt_zero", m.unary("rsqrt", zeros))
    out("eq_signed_zero", m.compare("eq", zeros, m.input("pos_zeros", np.zeros(3, np.float32))))
    inf = np.inf
    masked = m.input("masked", np.array([[0.0, -inf, 1.0, 2.0], [-inf, 3.0, -inf, -inf]],
                                        np.float32))
    out("softmax_neg_inf", m.softmax(masked, 1))
    out("log_softmax_neg_inf", m.log_softmax(masked, 1))
    out("lse_infinite_max", m.reduce("reduce_log_sum_exp", m.input("lse_in", np.array(
        [[-inf, -inf, -inf], [inf, 1.0, 2.0], [-inf, 0.0, 1.0]], np.float32)), [1]))


@model
def ops_f64(m):
    """float64 end to end through the convolution, pooling, normalization,
    contraction, reduction, recurrent and loss families (checked at a relative
    error of 1e-10: a float64 op computed in float32 fails)."""
    f8 = np.float64
    out = m.output
    x = m.input("x", m.normal((2, 4, 7, 7), dtype=f8))
    w = m.param("conv.weight", m.uniform((6, 2, 3, 3), 0.4, dtype=f8))
    b = m.param("conv.bias", m.uniform((6,), 0.4, dtype=f8))
    c = out("conv", m.conv2d(x, w, b, pads=[1, 0, 1, 2], groups=2, strides=[1, 2]))
    out("deconv", m.conv_transpose2d(x, m.param("deconv.weight", m.uniform((4, 3, 3, 3), 0.3,
                                                                          dtype=f8)),
                                     strides=[2, 2], pads=[1, 1, 0, 0]))
    out("max_pool", m.max_pool2d(x, [3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=True))
    out("avg_pool", m.avg_pool2d(x, [2, 2], pads=[1, 0, 0, 1], count_include_pad=True))
    out("global_avg", m.global_avg_pool2d(c))
    out("global_max", m.global_max_pool2d(c))
    stats = [m.param(f"bn.{n}", m.uniform((4,), lo, hi, dtype=f8), n in ("scale", "bias"))
             for n, lo, hi in [("scale", 0.5, 1.5), ("bias", -0.5, 0.5), ("mean", -0.5, 0.5),
                               ("var", 0.5, 2.0)]]
    out("batch_norm", m.batch_norm(x, *stats))
    for name, v in zip(["y", "mean", "var", "saved_mean", "saved_inv_std"],
                       m.batch_norm_train(x, *stats, unbiased_running_var=True)):
        out(f"bnt_{name}", v)
    h = m.input("h", m.normal((3, 5, 6), dtype=f8))
    ln = out("layer_norm", m.layer_norm(h, m.param("ln.scale", m.uniform((6,), 0.5, 1.5,
                                                                          dtype=f8)), axis=2))
    out("matmul", m.matmul(ln, m.param("mm.w", m.normal((6, 4), 0.4, dtype=f8))))
    a = m.input("a", m.normal((5, 6), dtype=f8))
    out("gemm", m.gemm(a, m.input("bt", m.normal((3, 6), dtype=f8)),
                       m.input("c", m.normal((3,), dtype=f8)), trans_b=True, alpha=0.75,
                       beta=-1.25))
    out("softmax", m.softmax(a, 1))
    out("log_softmax", m.log_softmax(a, 0))
    out("reduce_sum", m.reduce("reduce_sum", h, [0, 2]))
    out("reduce_mean", m.reduce("reduce_mean", h, [1], keep_dims=True))
    out("reduce_l2", m.reduce("reduce_l2", h, [2]))
    out("reduce_lse", m.reduce("reduce_log_sum_exp", h, [1]))
    out("reduce_prod", m.reduce("reduce_prod", m.unary("exp", h), [2]))
    for fn in ["exp", "log", "tanh", "sigmoid", "erf", "gelu", "softplus", "elu", "selu",
               "sqrt", "rsqrt", "reciprocal"]:
        operand = m.unary("abs", a) if fn in ("log", "sqrt", "rsqrt", "reciprocal") else a
        out(f"f64_{fn}", m.unary(fn, operand))
    out("f64_gelu_tanh", m.unary("gelu", a, approximate="tanh"))
    out("f64_pow", m.pow(m.unary("abs", a), a))
    seq = m.input("seq", m.normal((4, 2, 3), dtype=f8))
    wl, rl, bl = recurrent_weights(m, 4, 1, 5, 3)
    y, yh, yc = m.lstm(seq, m.param("lstm.w", wl.astype(f8)), m.param("lstm.r", rl.astype(f8)),
                       bias=m.param("lstm.b", bl.astype(f8)), hidden_size=5)
    out("lstm_y", y)
    out("lstm_y_c", yc)
    wg, rg, bg = recurrent_weights(m, 3, 1, 5, 3)
    out("gru_y", m.gru(seq, m.param("gru.w", wg.astype(f8)), m.param("gru.r", rg.astype(f8)),
                       bias=m.param("gru.b", bg.astype(f8)), hidden_size=5)[0])
    wr, rr, br = recurrent_weights(m, 1, 1, 5, 3)
    out("rnn_y", m.rnn(seq, m.param("rnn.w", wr.astype(f8)), m.param("rnn.r", rr.astype(f8)),
                       bias=m.param("rnn.b", br.astype(f8)), hidden_size=5)[0])
    labels = m.input("labels", np.array([1, 0, 5, 2, 5], np.int64))
    out("sce", m.softmax_cross_entropy(a, labels))
    out("nll", m.nll_loss(m.log_softmax(a, 1), labels, reduction="sum"))
    t = m.input("t", m.uniform((5, 6), 0.0, 1.0, dtype=f8))
    out("mse", m.mse_loss(a, t))
    out("bce", m.binary_cross_entropy(m.unary("sigmoid", a), t, reduction="none"))
    out("bcel", m.binary_cross_entropy_with_logits(a, t))
    out("embedding", m.embedding(m.param("emb", m.normal((7, 3), dtype=f8)), labels))


@model
def odd_shapes(m):
    """Sizes that are not multiples of any vector width or tile, long
    reductions and batch 1, to exercise loop remainders."""
    out = m.output
    a = m.input("a", m.normal((3, 37, 129)))
    out("matmul", m.matmul(a, m.param("mm.w", m.uniform((129, 65), 1 / math.sqrt(129)))))
    g = m.input("g", m.normal((33, 257)))
    out("gemm", m.linear(g, "fc", 257, 17))
    one = m.input("one", m.normal((1, 257)))
    out("gemm_batch1", m.linear(one, "fc1", 257, 31))
    x = m.input("x", m.normal((3, 3, 31, 29)))
    out("conv", m.conv_layer(x, "conv", 3, 17, 5, strides=[2, 2], pads=[2, 1, 2, 1]))
    d = m.input("d", m.normal((2, 17, 23, 19)))
    out("depthwise", m.conv_layer(d, "dw", 17, 17, 3, groups=17, pads=[1, 1, 1, 1]))
    out("deconv", m.conv_transpose2d(m.input("t", m.normal((1, 5, 7, 9))),
                                     m.param("deconv.w", m.uniform((5, 3, 4, 4), 0.2)),
                                     strides=[3, 2]))
    out("max_pool", m.max_pool2d(d, [3, 3], strides=[2, 2]))
    out("avg_pool", m.avg_pool2d(d, [5, 3], strides=[3, 2], pads=[2, 1, 2, 1]))
    long = m.input("long", m.normal((7, 1000)))
    out("softmax", m.softmax(long, 1))
    out("log_softmax", m.log_softmax(long, 1))
    out("argmax", m.arg_reduce("argmax", long, 1))
    out("reduce_sum", m.reduce("reduce_sum", m.input("r", m.uniform((13, 1031), 0.0, 1.0)), [1]))
    out("reduce_max", m.reduce("reduce_max", long, [0]))
    out("layer_norm", m.layer_norm(long, m.param("ln.w", m.uniform((1000,), 0.5, 1.5)),
                                   m.param("ln.b", m.uniform((1000,), 0.5)), axis=1))
    for name, v in zip(["y", "mean", "var"], m.batch_norm_train(
            d, *[m.param(f"bnt.{i}", m.uniform((17,), 0.5, 1.5)) for i in range(4)])[:3]):
        out(f"bnt_{name}", v)
    v = m.input("v", m.normal((1001,)))
    out("gelu", m.unary("gelu", v))
    out("tanh", m.unary("tanh", v))
    out("exp", m.unary("exp", v))
    out("sigmoid", m.unary("sigmoid", v))
    out("add_scalar", m.add(v, m.input("s", np.array([0.25], np.float32))))
    out("transpose", m.transpose(m.input("p", m.normal((17, 33, 5))), [2, 0, 1]))
    i8 = m.input("i8", m.integers((1001,), -128, 128, np.int8))
    out("i8_add", m.add(i8, m.input("j8", m.integers((1001,), -128, 128, np.int8))))
    y, mask, kept = m.dropout_train(v, 0.25, 5)
    m.output_dropout("dropout", "dropout_mask", y, mask, kept, 0.25)
    seq = m.input("seq", m.normal((20, 5, 33)))
    wl, rl, bl = recurrent_weights(m, 4, 1, 17, 33)
    out("lstm_y_h", m.lstm(seq, m.param("lstm.w", wl), m.param("lstm.r", rl),
                           bias=m.param("lstm.b", bl), hidden_size=17)[1])


@model
def edge_cases(m):
    """Degenerate but valid shapes: rank-0 tensors, size-1 axes, broadcasting
    both ways, K = 1 products, windows mostly in the padding, 1x1 maps,
    one-step one-unit recurrences, pads as large as allowed, equal clip bounds."""
    out = m.output
    s = m.input("s", np.array(1.5, np.float32))
    t = m.input("t", np.array(-0.25, np.float32))
    out("scalar_add", m.add(s, t))
    out("scalar_exp", m.unary("exp", s))
    x = m.input("x", m.normal((4, 5)))
    mean = m.reduce("reduce_mean", x, [0, 1])
    out("scalar_mean", mean)
    out("centered", m.sub(x, mean))
    col = m.input("col", m.normal((4, 1)))
    row = m.input("row", m.normal((1, 5)))
    out("outer_sum", m.add(col, row))
    out("broadcast_3d", m.mul(m.input("u", m.normal((1,))), m.input("w3", m.normal((3, 1, 2)))))
    out("softmax_size1", m.softmax(col, 1))
    out("reduce_size1", m.reduce("reduce_sum", col, [1]))
    out("reduce_all_keep", m.reduce("reduce_max", x, [0, 1], keep_dims=True))
    out("gemm_k1", m.gemm(col, row))
    out("matmul_m1", m.matmul(row, m.input("kn", m.normal((5, 3)))))
    img = m.input("img", m.normal((2, 3, 4, 4)))
    out("max_pool_mostly_pad", m.max_pool2d(img, [3, 3], pads=[2, 2, 2, 2]))
    out("avg_pool_mostly_pad", m.avg_pool2d(img, [3, 3], pads=[2, 2, 2, 2]))
    out("avg_pool_mostly_pad_count", m.avg_pool2d(img, [3, 3], pads=[2, 2, 2, 2],
                                                  count_include_pad=True))
    out("conv_to_1x1", m.conv_layer(img, "c1", 3, 2, 4))
    px = m.input("pixel", m.normal((2, 3, 1, 1)))
    out("conv_1x1_map", m.conv_layer(px, "c2", 3, 4, 1))
    out("deconv_1x1_map", m.conv_transpose2d(px, m.param("d1", m.uniform((3, 2, 3, 3), 0.5)),
                                             strides=[2, 2]))
    out("global_pool_1x1", m.global_avg_pool2d(px))
    one = m.input("one_step", m.normal((1, 1, 2)))
    w, r, b = recurrent_weights(m, 4, 1, 1, 2)
    y, y_h, y_c = m.lstm(one, m.param("lstm.w", w), m.param("lstm.r", r),
                         bias=m.param("lstm.b", b), hidden_size=1)
    out("lstm_1x1", y)
    out("lstm_1x1_c", y_c)
    out("pad_reflect_max", m.pad(x, [0, 4, 3, 4], mode="reflect"))
    out("pad_edge_big", m.pad(col, [3, 2, 0, 5], mode="edge"))
    out("clip_equal", m.clip(x, 0.5, 0.5))
    out("reshape_scalar", m.reshape(m.reshape(s, [1, 1]), []))
    out("embedding_one_row", m.embedding(m.param("emb", m.normal((1, 4))),
                                         m.input("zeros", np.zeros((3,), np.int64))))
    out("slice_step_past_end", m.slice(x, [1], [100], [1], [7]))
    out("tile_zero_free", m.tile(s, []))
    out("expand_scalar", m.expand(s, [2, 3]))
    out("where_scalars", m.where(m.input("flag", np.array(True)), s, t))


def _empty_parts(m):
    x = m.input("x", m.normal((2, 3, 4)))
    a, b, c = m.split(x, [1, 0, 3], axis=2)
    return x, a, b, c, m.slice(x, [3], [1], [2])


@model
def empty_tensors(m):
    """Zero-sized intermediates: split and slice to nothing, then concat and pad
    around nothing, a sum and a matmul over an empty axis."""
    out = m.output
    x, a, _, c, empty = _empty_parts(m)
    out("split_rest", c)
    out("concat_with_empty", m.concat([a, empty, c], 2))
    out("pad_empty", m.pad(empty, [0, 0, 1, 0, 0, 1], value=2.0))
    out("sum_over_empty", m.reduce("reduce_sum", empty, [2]))
    out("matmul_k0", m.matmul(empty, m.slice(m.input("y", m.normal((4, 5))), [0], [0], [0])))


@model
def empty_outputs(m):
    """Zero-sized outputs (written as empty .npy files): a split part, a slice
    and a tile of size 0."""
    out = m.output
    x, _, b, _, empty = _empty_parts(m)
    out("split_empty", b)
    out("slice_empty", empty)
    out("tile_zero", m.tile(x, [1, 0, 1]))


@model
def fusion(m):
    """Graphs a fusing compiler rewrites: conv (with bias, grouped, depthwise,
    transposed) followed by batch_norm, a conv whose output is also used
    unfused, gemm epilogue chains, normalization by hand (reduce then
    broadcast back), and elementwise chains over mixed broadcast shapes."""
    out = m.output
    x = m.input("x", m.normal((2, 4, 8, 8)))
    c = m.conv_layer(x, "c1", 4, 6, 3, pads=[1, 1, 1, 1])
    out("conv_bias_bn_relu", m.unary("relu", m.batch_norm_layer(c, "bn1", 6)))
    out("conv_also_used", m.unary("tanh", c))
    g = m.conv_layer(x, "c2", 4, 6, 3, groups=2)
    out("grouped_conv_bn", m.batch_norm_layer(g, "bn2", 6))
    dw = m.conv_layer(x, "c3", 4, 4, 3, groups=4, pads=[1, 1, 1, 1], bias=False)
    out("depthwise_bn_relu6", m.clip(m.batch_norm_layer(dw, "bn3", 4), 0.0, 6.0))
    ct = m.conv_transpose2d(x, m.param("ct.w", m.uniform((4, 3, 2, 2), 0.4)),
                            m.param("ct.b", m.uniform((3,), 0.4)), strides=[2, 2])
    out("deconv_bn", m.batch_norm_layer(ct, "bn4", 3))
    bn_shared = m.batch_norm_layer(m.conv_layer(x, "c5", 4, 4, 1), "bn5", 4)
    out("bn_two_users", m.add(m.unary("sigmoid", bn_shared), m.mul(bn_shared, x)))
    f = m.input("f", m.normal((6, 20)))
    h = m.linear(f, "fc", 20, 12)
    chain = m.unary("sigmoid", m.mul(m.unary("relu", h), m.const(np.array(0.5, np.float32))))
    out("gemm_epilogue", chain)
    mu = m.reduce("reduce_mean", h, [1], keep_dims=True)
    centered = m.sub(h, mu)
    var = m.reduce("reduce_mean", m.mul(centered, centered), [1], keep_dims=True)
    out("manual_layer_norm", m.mul(centered, m.unary("rsqrt", m.add(
        var, m.const(np.array([1e-5], np.float32))))))
    p = m.input("p", m.normal((3, 1, 5)))
    q = m.input("q", m.normal((4, 1)))
    r = m.input("r", m.normal((5,)))
    e = m.unary("exp", m.sub(m.mul(p, q), r))
    out("broadcast_chain", m.div(e, m.add(e, m.const(np.array(1.0, np.float32)))))
    out("softmax_times", m.mul(m.softmax(f, 1), f))


@model
def pow_special(m):
    """pow as ONNX (C's pow, NumPy's power) defines it where exp(y * log(x))
    does not: negative bases with integral exponents, 0^0 = 1, 0^y, x^0."""
    base = [-2.0, -2.0, -3.0, 0.0, 0.0, 4.0, -8.0, -1.5, 5.0]
    expo = [3.0, 2.0, -1.0, 0.0, 2.0, 0.5, 0.5, 0.0, -2.0]
    for dtype, suffix in [(np.float32, "f32"), (np.float64, "f64")]:
        b = m.input(f"base_{suffix}", np.array(base, dtype))
        e = m.input(f"exponent_{suffix}", np.array(expo, dtype))
        m.output(f"pow_{suffix}", m.pow(b, e))
    sq = m.input("x", np.array([-3.0, -0.5, 0.0, 2.0], np.float32))
    m.output("square", m.pow(sq, m.const(np.array(2.0, np.float32))))


@model
def ops_mod_pow(m):
    """mod (floored and fmod) and integer pow: signs of dividend and
    divisor, integer divisors 0 and -1 (INT_MIN included), float zeros,
    infinities and NaN, broadcasting; exact wrapping integer powers and
    negative exponents."""
    out = m.output
    a = [7, -7, 7, -7, 0, 5, -5, 3, 13, -13]
    b = [3, 3, -3, -3, 3, 0, -1, 7, 13, 4]
    for dtype in [np.int64, np.int32, np.int8]:
        name = np.dtype(dtype).name
        info = np.iinfo(dtype)
        x = m.input(f"x_{name}", np.array(a + [info.min, info.min, info.max], dtype))
        y = m.input(f"y_{name}", np.array(b + [-1, 7, -2], dtype))
        out(f"mod_{name}", m.mod(x, y))
        out(f"fmod_{name}", m.mod(x, y, fmod=True))
    u = m.input("u", np.array([7, 200, 255, 0, 9, 250], np.uint8))
    v = m.input("v", np.array([3, 7, 16, 5, 0, 255], np.uint8))
    out("mod_uint8", m.mod(u, v))
    out("fmod_uint8", m.mod(u, v, fmod=True))
    big = m.input("big", np.array([2**64 - 1, 2**63 + 5, 12345678901234567], np.uint64))
    out("mod_uint64", m.mod(big, m.const(np.array(10**9 + 7, np.uint64))))
    inf, nan = np.inf, np.nan
    fx = [5.5, -5.5, 5.5, -5.5, 4.0, -4.0, 1.0, 1e30, 1.0, -1.0, inf, nan, 0.0, -0.0]
    fy = [2.0, 2.0, -2.0, -2.0, 2.0, -2.0, 0.0, 3.0, inf, inf, 2.0, 2.0, -3.0, 3.0]
    for dtype in [np.float32, np.float64]:
        name = np.dtype(dtype).name
        x = m.input(f"x_{name}", np.array(fx, dtype))
        y = m.input(f"y_{name}", np.array(fy, dtype))
        out(f"mod_{name}", m.mod(x, y))
        out(f"fmod_{name}", m.mod(x, y, fmod=True))
    w = m.input("w", m.uniform((3, 4), 10.0))
    out("mod_broadcast", m.mod(w, m.const(np.array(0.75, np.float32))))
    out("fmod_broadcast", m.mod(w, m.input("divisors", np.array([1.5, -2.0, 3.0, -0.5],
                                                                   np.float32)), fmod=True))
    base = m.input("base", np.array([3, -2, 1, -1, -1, 5, 2, 0, 7, -3], np.int64))
    expo = m.input("exponent", np.array([39, 5, -7, -3, -4, -1, 64, 0, 0, 2], np.int64))
    out("pow_int64", m.pow(base, expo))
    out("pow_int32_broadcast", m.pow(m.input("base32", np.array([[2], [-3], [10]], np.int32)),
                                     m.input("exponent32", np.array([0, 1, 9, 31], np.int32))))
    out("pow_int8", m.pow(m.input("base8", np.array([3, -3, 2, -2, 1], np.int8)),
                          m.input("exponent8", np.array([5, 5, 8, 7, 127], np.int8))))
    out("pow_uint8", m.pow(m.input("baseu8", np.array([3, 2, 255, 0], np.uint8)),
                           m.input("exponentu8", np.array([200, 7, 255, 0], np.uint8))))


def _activation_ranges(m, dtype, small_tanh):
    """Activations over [-30, 30] (saturation, approximation ranges) and over
    tiny arguments +-[1e-7, 1e-2] (where relative accuracy needs care: tanh,
    erf, gelu, elu and selu near 0); exp towards overflow and underflow; log
    and sqrt over 60 decades."""
    out = m.output
    wide = m.input("wide", np.linspace(-30, 30, 241).astype(dtype))
    small = m.input("small", np.concatenate([np.logspace(-7, -2, 30),
                                             -np.logspace(-7, -2, 30)]).astype(dtype))
    for fn in ["tanh", "sigmoid", "erf", "gelu", "softplus", "elu", "selu", "leaky_relu",
               "hard_sigmoid"]:
        out(f"{fn}_wide", m.unary(fn, wide))
        if fn != "tanh" or small_tanh:
            out(f"{fn}_small", m.unary(fn, small))
    out("gelu_tanh_wide", m.unary("gelu", wide, approximate="tanh"))
    out("gelu_tanh_small", m.unary("gelu", small, approximate="tanh"))
    out("exp_small", m.unary("exp", small))
    out("exp_mid", m.unary("exp", m.input("mid", np.linspace(-80, 80, 161).astype(dtype))))
    big = [89.0, 100.0, 1000.0, 1e30] if dtype == np.float32 else [710.0, 1000.0, 1e300]
    out("exp_overflow", m.unary("exp", m.input("over", np.array(big, dtype))))
    out("exp_underflow", m.unary("exp", m.input("under", -np.array(big, dtype) * 1.3)))
    decades = np.logspace(-30, 30, 61)
    out("log_decades", m.unary("log", m.input("decades", np.concatenate(
        [decades, 1 + np.logspace(-7, -2, 6)]).astype(dtype))))
    out("sqrt_decades", m.unary("sqrt", m.input("sq", decades.astype(dtype))))


@model
def activation_ranges(m):
    """Activations, exp, log and sqrt far from [-2, 2], in float32 (tanh of
    tiny arguments has its own test, tanh_small)."""
    _activation_ranges(m, np.float32, small_tanh=False)


@model
def activation_ranges_f64(m):
    """activation_ranges in float64 (checked at 1e-10), tiny tanh included."""
    _activation_ranges(m, np.float64, small_tanh=True)


@model
def tanh_small(m):
    """tanh of tiny arguments, +-[1e-7, 1e-2], where tanh(x) ~ x: the result
    must keep a relative error below 1e-5."""
    x = np.concatenate([np.logspace(-7, -2, 30), -np.logspace(-7, -2, 30)])
    m.output("tanh", m.unary("tanh", m.input("x", x.astype(np.float32))))


def _trigonometric(m, dtype):
    """sin, cos, tan, their inverses and the hyperbolic functions over their
    domains, at tiny arguments (where each is ~x or ~1 and relative accuracy
    needs care), near their poles and limits, and at NaN, +-inf and +-0."""
    out = m.output
    special = m.input("special", np.array([np.nan, np.inf, -np.inf, 0.0, -0.0], dtype))
    wide = m.input("wide", np.linspace(-10, 10, 101).astype(dtype))
    small = m.input("small", np.concatenate([np.logspace(-7, -2, 30),
                                             -np.logspace(-7, -2, 30)]).astype(dtype))
    big = m.input("big", np.array([-1e4, -300.0, 100.0, 1000.0, 12345.6], dtype))
    unit = m.input("unit", np.concatenate([np.linspace(-1, 1, 41), [-1.5, 1.5, 1 - 1e-6]])
                   .astype(dtype))
    limit = [50.0, 88.0, 89.0, -89.0] if dtype == np.float32 else [300.0, 709.0, 710.0, -710.0]
    overflow = m.input("overflow", np.array(limit, dtype))
    acosh_in = m.input("acosh_in", np.array([1.0, 1.0001, 1.5, 2.0, 10.0, 1e10, 0.5, -1.0],
                                            dtype))
    for fn in ["sin", "cos", "tan", "atan", "sinh", "cosh", "asinh"]:
        out(f"{fn}_wide", m.unary(fn, wide))
        out(f"{fn}_special", m.unary(fn, special))
    for fn in ["sin", "tan", "asin", "atan", "sinh", "asinh", "atanh", "cos", "cosh",
               "acos"]:
        out(f"{fn}_small", m.unary(fn, small))
    for fn in ["sin", "cos", "tan", "atan", "asinh"]:
        out(f"{fn}_big", m.unary(fn, big))
    for fn in ["asin", "acos", "atanh"]:
        out(f"{fn}_unit", m.unary(fn, unit))
        out(f"{fn}_special", m.unary(fn, special))
    for fn in ["sinh", "cosh"]:
        out(f"{fn}_overflow", m.unary(fn, overflow))
    out("acosh", m.unary("acosh", acosh_in))
    out("acosh_special", m.unary("acosh", special))


@model
def ops_trigonometric(m):
    """Trigonometric and hyperbolic functions in float32."""
    _trigonometric(m, np.float32)


@model
def ops_trigonometric_f64(m):
    """Trigonometric and hyperbolic functions in float64 (checked at 1e-10)."""
    _trigonometric(m, np.float64)


@model
def combinations(m):
    """Attributes combined where each was tested alone: strided, dilated,
    grouped convolutions with asymmetric pads; transposed convolutions whose
    output_padding is allowed by the dilation rather than the stride; dilated
    ceil-mode pooling with pads; normalization over every axis, rank 3 and 5;
    multi-axis negative slices; gathers and embeddings with 2-D/3-D indices;
    k-d losses with ignore_index; recurrences where a sequence has length 0."""
    out = m.output
    x = m.input("x", m.normal((2, 6, 11, 10)))
    out("conv_all", m.conv_layer(x, "c1", 6, 9, 3, strides=[2, 3], pads=[2, 0, 1, 3],
                                 dilations=[2, 2], groups=3))
    t = m.input("t", m.normal((2, 4, 5, 6)))
    out("deconv_all", m.conv_transpose2d(
        t, m.param("d1", m.uniform((4, 3, 3, 2), 0.4)), m.param("d1b", m.uniform((6,), 0.3)),
        strides=[2, 1], pads=[1, 0, 2, 1], dilations=[1, 3], output_padding=[1, 2], groups=2))
    out("max_pool_all", m.max_pool2d(x, [3, 2], strides=[2, 3], pads=[1, 0, 2, 1],
                                     dilations=[2, 3], ceil_mode=True))
    out("avg_pool_all", m.avg_pool2d(x, [3, 4], strides=[3, 2], pads=[0, 3, 2, 1],
                                     ceil_mode=True, count_include_pad=True))
    out("layer_norm_axis0", m.layer_norm(t, m.param("ln0", m.uniform((4, 5, 6), 0.5, 1.5)),
                                         axis=0))
    out("softmax_axis0_4d", m.softmax(t, 0))
    out("reduce_13", m.reduce("reduce_sum", t, [3, 1]))
    out("argmax_axis0_keep", m.arg_reduce("argmax", t, 0, keep_dims=True))
    r3 = m.input("r3", m.normal((4, 3, 5)))
    stats3 = [m.param(f"bn3.{i}", m.uniform((3,), 0.5, 1.5)) for i in range(4)]
    out("batch_norm_rank3", m.batch_norm(r3, *stats3))
    r5 = m.input("r5", m.normal((2, 3, 2, 3, 2)))
    out("batch_norm_rank5", m.batch_norm(r5, *stats3))
    out("bnt_rank5_y", m.batch_norm_train(r5, *stats3)[0])
    out("slice_two_negative", m.slice(t, [-1, 4, 0], [0, -100, 6], [3, 2, 1], [-2, -3, 4]))
    out("gather_axis2_2d", m.gather(t, m.input("gi", np.array([[4, 0], [-1, 2]], np.int64)),
                                    axis=2))
    out("concat_five", m.concat([r3, m.mul(r3, r3), r3, m.unary("neg", r3), r3], 0))
    parts = m.split(t, [1, 1, 1, 2, 1], axis=3)
    out("split_many_sum", m.add(m.add(parts[0], parts[4]), parts[2]))
    out("matmul_2d_by_4d", m.matmul(m.input("l2", m.normal((4, 6))),
                                    m.input("r4", m.normal((2, 3, 6, 5)))))
    out("where_three_shapes", m.where(m.input("c", m.rng.random((3, 1, 4)) < 0.5),
                                      m.input("o1", m.normal((5, 1))),
                                      m.input("o2", m.normal((1, 4)))))
    out("embedding_3d", m.embedding(m.param("emb", m.normal((9, 4))),
                                    m.input("ids", m.integers((2, 3, 2), -9, 9))))
    logits = m.input("logits", m.normal((2, 4, 3, 2)))
    labels = m.input("labels", np.array([[[0, 3], [-1, 2], [1, -1]],
                                         [[3, 3], [0, -1], [2, 1]]], np.int32))
    w = m.param("cw", m.uniform((4,), 0.5, 1.5), False)
    out("sce_4d_ignore_mean", m.softmax_cross_entropy(logits, labels, w, ignore_index=-1))
    out("nll_4d_ignore_none", m.nll_loss(m.log_softmax(logits, 1), labels, reduction="none",
                                         ignore_index=-1))
    z = m.input("z", m.normal((5, 3)))
    tz = m.input("tz", m.uniform((5, 3), 0.0, 1.0))
    out("bcel_weight_column", m.binary_cross_entropy_with_logits(
        z, tz, weight=m.input("wcol", m.uniform((5, 1), 0.5, 1.5)), reduction="sum"))
    seq = m.input("seq", m.normal((4, 3, 2)))
    lens = m.input("lens", np.array([0, 4, 2], np.int64))
    h0 = m.input("h0", m.uniform((2, 3, 3), 0.5))
    wl, rl, bl = recurrent_weights(m, 4, 2, 3, 2)
    y, y_h, y_c = m.lstm(seq, m.param("lw", wl), m.param("lr", rl), bias=m.param("lb", bl),
                         sequence_lens=lens, initial_h=h0, initial_c=h0, hidden_size=3,
                         direction="bidirectional")
    out("lstm_len0_y", y)
    out("lstm_len0_y_h", y_h)
    out("lstm_len0_y_c", y_c)
    wg, rg, bg = recurrent_weights(m, 3, 2, 3, 2)
    yg, yg_h = m.gru(seq, m.param("gw", wg), m.param("gr", rg), bias=m.param("gb", bg),
                     sequence_lens=lens, initial_h=h0, hidden_size=3, direction="bidirectional")
    out("gru_len0_y", yg)
    out("gru_len0_y_h", yg_h)
    y_drop, mask, kept = m.dropout_train(x, 0.9, 11)
    m.output_dropout("dropout_0_9", "dropout_0_9_mask", y_drop, mask, kept, 0.9)


@model
def outputs(m):
    """Outputs that are not fresh tensors: one value returned under two names,
    an input returned as is, a view of an input, a constant, a parameter."""
    x = m.input("x", m.normal((3, 4)))
    y = m.unary("relu", x)
    m.output("relu", y)
    m.output("relu_again", y)
    m.output("input", x)
    m.output("view", m.reshape(x, [4, 3]))
    m.output("constant", m.const(np.arange(6, dtype=np.int64).reshape(2, 3)))
    m.output("parameter", m.param("p", m.normal((2, 2))))
    m.output("sum", m.add(y, x))


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

SPECIAL = {"mnist_cnn_example": mnist_cnn_example}


def build(name, seed=0):
    m = Model(name, seed)
    MODELS[name](m)
    return m


def ops_of(text):
    """The nabla ops in a model's text (`nabla.name` is an attribute)."""
    return sorted(set(re.findall(r"\bnabla\.([a-z0-9_]+)\s", text)) - {"name"})


def ops_of_model(name, seed=0):
    if name in SPECIAL:
        with open(EXAMPLE_CNN) as f:
            return ops_of(f.read())
    return ops_of(build(name, seed).mlir())


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", nargs="?")
    parser.add_argument("outdir", nargs="?")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--ops", action="store_true")
    parser.add_argument("--only", help="comma-separated outputs to keep (with what they need), "
                        "to cut a failing model down")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(sorted(list(MODELS) + list(SPECIAL))))
        return 0
    if args.name not in MODELS and args.name not in SPECIAL:
        parser.error(f"unknown model '{args.name}' (see --list)")
    if args.ops:
        print("\n".join(ops_of_model(args.name, args.seed)))
        return 0
    if not args.outdir:
        parser.error("OUTDIR is required")
    if args.name in SPECIAL:
        SPECIAL[args.name](args.outdir, args.seed)
        return 0
    m = build(args.name, args.seed)
    if args.only:
        m.restrict(args.only.split(","))
    m.write(args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
