"""Builds a nabla-dialect model and its NumPy reference outputs side by side.

Every op method of `Model` appends the op's assembly to the model and computes
its value with reference.py, so the expected outputs are those of the very
graph that is compiled. Result types come from the reference's shapes; the
dialect's verifier (nabla-opt, nablac) checks them against its own inference.

`Model.write(dir)` writes `model.mlir`, `inputs/NN_<name>.npy` (positional
order = argument order, so `inputs/*.npy` expands in order) and
`expected/<output>.npy`. Weights are hex literals (`dense<"0x...">`: the
little-endian raw bytes of the tensor), which are exact and compact; i1
tensors, which MLIR packs differently, are written as nested literals.
"""
import json
import math
import os
import re

import numpy as np

import reference as ref

_ELEMENT = {
    np.dtype(np.float32): "f32", np.dtype(np.float64): "f64",
    np.dtype(np.int64): "i64", np.dtype(np.int32): "i32",
    np.dtype(np.int16): "i16", np.dtype(np.int8): "i8",
    np.dtype(np.uint8): "ui8", np.dtype(np.uint16): "ui16",
    np.dtype(np.uint32): "ui32", np.dtype(np.uint64): "ui64", np.dtype(np.bool_): "i1",
}


def element_type(dtype):
    return _ELEMENT[np.dtype(dtype)]


def tensor_type(array):
    array = np.asarray(array)
    dims = "".join(f"{d}x" for d in array.shape)
    return f"tensor<{dims}{element_type(array.dtype)}>"


def dense_literal(array):
    """An exact `dense<...>` literal for `array` (without the trailing type)."""
    array = np.asarray(array)
    if array.dtype == np.bool_:
        def nested(a):
            if a.ndim == 0:
                return "true" if a else "false"
            return "[" + ", ".join(nested(s) for s in a) + "]"
        return f"dense<{nested(array)}>"
    raw = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
    return f'dense<"0x{raw.hex().upper()}">'


def f32_literal(value):
    """A decimal that parses to exactly float32(value)."""
    return repr(float(np.float32(value)))


def f64_literal(value):
    return repr(float(value))


def int_list(values):
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


class Value:
    def __init__(self, name, array):
        self.name = name
        self.array = np.asarray(array)

    @property
    def type(self):
        return tensor_type(self.array)


class Model:
    def __init__(self, name, seed=0):
        self.name = name
        self.rng = np.random.default_rng(seed)
        self.params = []        # (symbol, array, trainable)
        self.inputs = []        # Value
        self.outputs = []       # (name, Value)
        self.body = []
        self.counter = 0
        self.special = {}       # output name -> dict for compare.py

    # -- values ------------------------------------------------------------

    def _fresh(self):
        self.counter += 1
        return f"%v{self.counter}"

    def input(self, name, array):
        value = Value(f"%in_{name}", array)
        value.input_name = name
        self.inputs.append(value)
        return value

    def param(self, symbol, array, trainable=True):
        array = np.asarray(array)
        self.params.append((symbol, array, trainable))
        v = Value(self._fresh(), array)
        self.body.append(f"{v.name} = nabla.get_parameter @{symbol} : {v.type}")
        return v

    def const(self, array):
        array = np.asarray(array)
        v = Value(self._fresh(), array)
        self.body.append(f"{v.name} = nabla.constant {dense_literal(array)} : {v.type}")
        return v

    def output(self, name, value):
        assert all(n != name for n, _ in self.outputs), name
        self.outputs.append((name, value))
        return value

    # -- emission ----------------------------------------------------------

    def _emit(self, text, arrays):
        """Emits `<results> = text` for one or more result arrays."""
        arrays = arrays if isinstance(arrays, (list, tuple)) else [arrays]
        base = self._fresh()
        if len(arrays) == 1:
            self.body.append(f"{base} = {text}")
            return Value(base, arrays[0])
        self.body.append(f"{base}:{len(arrays)} = {text}")
        return [Value(f"{base}#{i}", a) for i, a in enumerate(arrays)]

    @staticmethod
    def _functional(operands, results):
        ins = ", ".join(o.type for o in operands)
        if isinstance(results, (list, tuple)):
            outs = "(" + ", ".join(tensor_type(r) for r in results) + ")"
        else:
            outs = tensor_type(results)
        return f"({ins}) -> {outs}"

    @staticmethod
    def _names(operands):
        return ", ".join(o.name for o in operands)

    def _unary(self, mnemonic, x, result, attrs=""):
        attrs = f" {attrs}" if attrs else ""
        return self._emit(f"nabla.{mnemonic} {x.name}{attrs} : {x.type}", result)

    def _compact(self, mnemonic, operands, result, prefix=""):
        return self._emit(f"nabla.{mnemonic} {prefix}{self._names(operands)} : "
                          f"{self._functional(operands, result)}", result)

    def _func(self, mnemonic, operands, result, attrs=""):
        attrs = f" {attrs}" if attrs else ""
        return self._emit(f"nabla.{mnemonic} {self._names(operands)}{attrs} : "
                          f"{self._functional(operands, result)}", result)

    def _to(self, mnemonic, x, result, attrs=""):
        attrs = f" {attrs}" if attrs else ""
        return self._emit(f"nabla.{mnemonic} {x.name}{attrs} : {x.type} -> "
                          f"{tensor_type(result)}", result)

    # -- elementwise ---------------------------------------------------------

    def _binary(self, mnemonic, fn, lhs, rhs):
        return self._compact(mnemonic, [lhs, rhs], fn(lhs.array, rhs.array))

    def add(self, a, b): return self._binary("add", ref.add, a, b)
    def sub(self, a, b): return self._binary("sub", ref.sub, a, b)
    def mul(self, a, b): return self._binary("mul", ref.mul, a, b)
    def div(self, a, b): return self._binary("div", ref.div, a, b)
    def pow(self, a, b): return self._binary("pow", ref.pow, a, b)
    def max(self, a, b): return self._binary("max", ref.maximum, a, b)

    def mod(self, a, b, fmod=False):
        result = ref.mod(a.array, b.array, fmod=fmod)
        attr = " fmod" if fmod else ""
        return self._emit(f"nabla.mod {a.name}, {b.name}{attr} : "
                          f"{self._functional([a, b], result)}", result)
    def min(self, a, b): return self._binary("min", ref.minimum, a, b)

    def logical_and(self, a, b): return self._binary("logical_and", ref.logical_and, a, b)
    def logical_or(self, a, b): return self._binary("logical_or", ref.logical_or, a, b)
    def logical_xor(self, a, b): return self._binary("logical_xor", ref.logical_xor, a, b)

    def compare(self, predicate, a, b):
        return self._compact("compare", [a, b], ref.compare(predicate, a.array, b.array),
                             prefix=f"{predicate}, ")

    def where(self, c, a, b):
        return self._compact("where", [c, a, b], ref.where(c.array, a.array, b.array))

    def cast(self, x, dtype):
        result = ref.cast(x.array, dtype)
        return self._emit(f"nabla.cast {x.name} : {x.type} to {element_type(dtype)}", result)

    def unary(self, mnemonic, x, **attrs):
        """A unary elementwise op; attrs are F32Attrs except for gelu's enum."""
        fn = getattr(ref, mnemonic)
        result = fn(x.array, **attrs)
        text = []
        for key, value in attrs.items():
            if key == "approximate":
                text.append(f"approximate = {value}")
            else:
                text.append(f"{key} = {f32_literal(value)}")
        return self._unary(mnemonic, x, result, " ".join(text))

    def logical_not(self, x):
        return self._unary("logical_not", x, ref.logical_not(x.array))

    def clip(self, x, min=None, max=None):  # noqa: A002
        attrs = []
        if min is not None:
            attrs.append(f"min = {f64_literal(min)}")
        if max is not None:
            attrs.append(f"max = {f64_literal(max)}")
        return self._unary("clip", x, ref.clip(x.array, min, max), " ".join(attrs))

    # -- contraction -------------------------------------------------------

    def matmul(self, a, b):
        return self._func("matmul", [a, b], ref.matmul(a.array, b.array))

    def gemm(self, a, b, c=None, trans_a=False, trans_b=False, alpha=None, beta=None):
        kwargs = {}
        attrs = []
        if trans_a:
            attrs.append("trans_a")
        if trans_b:
            attrs.append("trans_b")
        if alpha is not None:
            attrs.append(f"alpha = {f32_literal(alpha)}")
            kwargs["alpha"] = alpha
        if beta is not None:
            attrs.append(f"beta = {f32_literal(beta)}")
            kwargs["beta"] = beta
        result = ref.gemm(a.array, b.array, None if c is None else c.array,
                          trans_a=trans_a, trans_b=trans_b, **kwargs)
        operands = [a, b] + ([c] if c is not None else [])
        return self._func("gemm", operands, result, " ".join(attrs))

    @staticmethod
    def _epilogue_attrs(activation, act_alpha, act_beta):
        attrs = []
        if activation != "none":
            attrs.append(f"activation = {activation}")
        if act_alpha:
            attrs.append(f"act_alpha = {f32_literal(act_alpha)}")
        if act_beta:
            attrs.append(f"act_beta = {f32_literal(act_beta)}")
        return attrs

    def fused_matmul(self, a, b, bias=None, residual=None, trans_a=False, trans_b=False,
                     alpha=None, activation="none", act_alpha=0.0, act_beta=0.0):
        result = ref.fused_matmul(
            a.array, b.array, None if bias is None else bias.array,
            None if residual is None else residual.array, trans_a=trans_a, trans_b=trans_b,
            alpha=1.0 if alpha is None else alpha, activation=activation,
            act_alpha=act_alpha, act_beta=act_beta)
        attrs = []
        if bias is not None:
            attrs.append(f"bias {bias.name}")
        if residual is not None:
            attrs.append(f"residual {residual.name}")
        if trans_a:
            attrs.append("trans_a")
        if trans_b:
            attrs.append("trans_b")
        if alpha is not None:
            attrs.append(f"alpha = {f32_literal(alpha)}")
        attrs += self._epilogue_attrs(activation, act_alpha, act_beta)
        operands = [a, b] + [o for o in (bias, residual) if o is not None]
        return self._emit(f"nabla.fused_matmul {a.name}, {b.name} {' '.join(attrs)} : "
                          f"{self._functional(operands, result)}", result)

    def linear(self, x, name, fan_in, fan_out, bias=True):
        """A PyTorch nn.Linear: gemm with trans_b on an [out, in] weight."""
        bound = 1.0 / math.sqrt(fan_in)
        w = self.param(f"{name}.weight", self.uniform((fan_out, fan_in), bound))
        b = self.param(f"{name}.bias", self.uniform((fan_out,), bound)) if bias else None
        return self.gemm(x, w, b, trans_b=True)

    # -- convolution and pooling -------------------------------------------

    @staticmethod
    def _window_attrs(strides=None, pads=None, dilations=None, **extra):
        attrs = []
        if strides is not None:
            attrs.append(f"strides = {int_list(strides)}")
        if pads is not None:
            attrs.append(f"pads = {int_list(pads)}")
        if dilations is not None:
            attrs.append(f"dilations = {int_list(dilations)}")
        for key, value in extra.items():
            if value is None or value is False:
                continue
            attrs.append(key if value is True else
                         f"{key} = {int_list(value) if isinstance(value, (list, tuple)) else value}")
        return " ".join(attrs)

    @staticmethod
    def _kw(**kwargs):
        return {k: v for k, v in kwargs.items() if v is not None}

    def conv2d(self, x, w, bias=None, strides=None, pads=None, dilations=None, groups=None):
        result = ref.conv2d(x.array, w.array, None if bias is None else bias.array,
                            **self._kw(strides=strides, pads=pads, dilations=dilations,
                                       groups=groups))
        operands = [x, w] + ([bias] if bias is not None else [])
        return self._func("conv2d", operands, result,
                          self._window_attrs(strides, pads, dilations, groups=groups))

    def fused_conv2d(self, x, w, bias=None, residual=None, strides=None, pads=None,
                     dilations=None, groups=None, activation="none", act_alpha=0.0,
                     act_beta=0.0):
        result = ref.fused_conv2d(
            x.array, w.array, None if bias is None else bias.array,
            None if residual is None else residual.array,
            **self._kw(strides=strides, pads=pads, dilations=dilations, groups=groups),
            activation=activation, act_alpha=act_alpha, act_beta=act_beta)
        attrs = []
        if bias is not None:
            attrs.append(f"bias {bias.name}")
        if residual is not None:
            attrs.append(f"residual {residual.name}")
        window = self._window_attrs(strides, pads, dilations, groups=groups)
        if window:
            attrs.append(window)
        attrs += self._epilogue_attrs(activation, act_alpha, act_beta)
        operands = [x, w] + [o for o in (bias, residual) if o is not None]
        return self._emit(f"nabla.fused_conv2d {x.name}, {w.name} {' '.join(attrs)} : "
                          f"{self._functional(operands, result)}", result)

    def conv_transpose2d(self, x, w, bias=None, strides=None, pads=None, dilations=None,
                         output_padding=None, groups=None):
        result = ref.conv_transpose2d(
            x.array, w.array, None if bias is None else bias.array,
            **self._kw(strides=strides, pads=pads, dilations=dilations,
                       output_padding=output_padding, groups=groups))
        operands = [x, w] + ([bias] if bias is not None else [])
        return self._func("conv_transpose2d", operands, result,
                          self._window_attrs(strides, pads, dilations,
                                             output_padding=output_padding, groups=groups))

    def conv_layer(self, x, name, in_ch, out_ch, k, bias=True, **kwargs):
        """A PyTorch nn.Conv2d with its default (kaiming-uniform-like) init."""
        groups = kwargs.get("groups") or 1
        bound = 1.0 / math.sqrt(in_ch // groups * k * k)
        w = self.param(f"{name}.weight", self.uniform((out_ch, in_ch // groups, k, k), bound))
        b = self.param(f"{name}.bias", self.uniform((out_ch,), bound)) if bias else None
        return self.conv2d(x, w, b, **kwargs)

    def max_pool2d(self, x, kernel_shape, strides=None, pads=None, dilations=None,
                   ceil_mode=False):
        result = ref.max_pool2d(x.array, kernel_shape,
                                **self._kw(strides=strides, pads=pads, dilations=dilations),
                                ceil_mode=ceil_mode)
        attrs = f"kernel_shape = {int_list(kernel_shape)} " + self._window_attrs(
            strides, pads, dilations, ceil_mode=ceil_mode)
        return self._to("max_pool2d", x, result, attrs.strip())

    def avg_pool2d(self, x, kernel_shape, strides=None, pads=None, ceil_mode=False,
                   count_include_pad=False):
        result = ref.avg_pool2d(x.array, kernel_shape, **self._kw(strides=strides, pads=pads),
                                ceil_mode=ceil_mode, count_include_pad=count_include_pad)
        attrs = f"kernel_shape = {int_list(kernel_shape)} " + self._window_attrs(
            strides, pads, None, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
        return self._to("avg_pool2d", x, result, attrs.strip())

    def global_avg_pool2d(self, x):
        return self._to("global_avg_pool2d", x, ref.global_avg_pool2d(x.array))

    def global_max_pool2d(self, x):
        return self._to("global_max_pool2d", x, ref.global_max_pool2d(x.array))

    # -- normalization and dropout -------------------------------------------

    def batch_norm(self, x, scale, bias, mean, var, epsilon=None):
        result = ref.batch_norm(x.array, scale.array, bias.array, mean.array, var.array,
                                **self._kw(epsilon=epsilon))
        attrs = f"epsilon = {f32_literal(epsilon)}" if epsilon is not None else ""
        return self._func("batch_norm", [x, scale, bias, mean, var], result, attrs)

    def batch_norm_layer(self, x, name, channels):
        """Inference batch norm with random but plausible statistics."""
        scale = self.param(f"{name}.weight", self.uniform((channels,), 0.5, 1.5))
        bias = self.param(f"{name}.bias", self.uniform((channels,), -0.5, 0.5))
        mean = self.param(f"{name}.running_mean", self.uniform((channels,), -0.2, 0.2), False)
        var = self.param(f"{name}.running_var", self.uniform((channels,), 0.2, 0.6), False)
        return self.batch_norm(x, scale, bias, mean, var)

    def batch_norm_train(self, x, scale, bias, mean, var, epsilon=None, momentum=None,
                         unbiased_running_var=False):
        results = ref.batch_norm_train(
            x.array, scale.array, bias.array, mean.array, var.array,
            **self._kw(epsilon=epsilon, momentum=momentum),
            unbiased_running_var=unbiased_running_var)
        attrs = []
        if epsilon is not None:
            attrs.append(f"epsilon = {f32_literal(epsilon)}")
        if momentum is not None:
            attrs.append(f"momentum = {f32_literal(momentum)}")
        if unbiased_running_var:
            attrs.append("unbiased_running_var")
        return self._func("batch_norm_train", [x, scale, bias, mean, var], list(results),
                          " ".join(attrs))

    def layer_norm(self, x, scale, bias=None, axis=None, epsilon=None):
        result = ref.layer_norm(x.array, scale.array, None if bias is None else bias.array,
                                axis=axis, **self._kw(epsilon=epsilon))
        attrs = f"axis = {axis}"
        if epsilon is not None:
            attrs += f" epsilon = {f32_literal(epsilon)}"
        operands = [x, scale] + ([bias] if bias is not None else [])
        return self._func("layer_norm", operands, result, attrs)

    def _dropout_text(self, x, mode, ratio, seed, y, mask):
        attrs = f"mode = {mode}"
        if ratio is not None:
            attrs += f" ratio = {f32_literal(ratio)}"
        if seed is not None:
            attrs += f" seed = {seed}"
        return (f"nabla.dropout {x.name} {attrs} : {x.type} -> "
                f"({tensor_type(y)}, {tensor_type(mask)})")

    def dropout_eval(self, x, mode="eval", ratio=None, seed=None):
        """Dropout whose result is known: `eval` mode, or `train` with ratio 0."""
        assert mode == "eval" or ratio == 0.0
        y, mask = ref.dropout_eval(x.array)
        return self._emit(self._dropout_text(x, mode, ratio, seed, y, mask), [y, mask])

    def dropout_train(self, x, ratio, seed):
        """Train-mode dropout: the values are random, so outputs are checked specially."""
        kept = ref.dropout_kept_value(x.array, ratio)
        mask = np.ones(x.array.shape, dtype=np.bool_)  # a placeholder, never compared
        y, m = self._emit(self._dropout_text(x, "train", ratio, seed, kept, mask), [kept, mask])
        return y, m, kept

    def output_dropout(self, name, mask_name, y, mask, kept, ratio, same_mask_as=None):
        """Outputs a train-mode dropout's y and mask with the dropout check."""
        self.outputs.append((name, y))
        self.outputs.append((mask_name, mask))
        self.special[name] = {"check": "dropout", "mask": mask_name, "kept": kept,
                              "ratio": float(np.float32(ratio)), "same_mask_as": same_mask_as}

    # -- reductions ----------------------------------------------------------

    def reduce(self, mnemonic, x, axes, keep_dims=False):
        result = getattr(ref, mnemonic)(x.array, axes, keep_dims)
        attrs = f"axes = {int_list(axes)}" + (" keep_dims" if keep_dims else "")
        return self._to(mnemonic, x, result, attrs)

    def arg_reduce(self, mnemonic, x, axis, keep_dims=False, select_last_index=False):
        result = getattr(ref, mnemonic)(x.array, axis, keep_dims, select_last_index)
        attrs = f"axis = {axis}" + (" keep_dims" if keep_dims else "") + (
            " select_last_index" if select_last_index else "")
        return self._to(mnemonic, x, result, attrs)

    def softmax(self, x, axis):
        return self._unary("softmax", x, ref.softmax(x.array, axis), f"axis = {axis}")

    def log_softmax(self, x, axis):
        return self._unary("log_softmax", x, ref.log_softmax(x.array, axis), f"axis = {axis}")

    # -- shape ops -----------------------------------------------------------

    def reshape(self, x, shape):
        return self._to("reshape", x, ref.reshape(x.array, shape), f"shape = {int_list(shape)}")

    def flatten(self, x, axis=None):
        result = ref.flatten(x.array, 1 if axis is None else axis)
        return self._to("flatten", x, result, "" if axis is None else f"axis = {axis}")

    def transpose(self, x, perm):
        return self._to("transpose", x, ref.transpose(x.array, perm), f"perm = {int_list(perm)}")

    def squeeze(self, x, axes):
        return self._to("squeeze", x, ref.squeeze(x.array, axes), f"axes = {int_list(axes)}")

    def unsqueeze(self, x, axes):
        return self._to("unsqueeze", x, ref.unsqueeze(x.array, axes), f"axes = {int_list(axes)}")

    def concat(self, inputs, axis):
        result = ref.concat([i.array for i in inputs], axis)
        return self._emit(f"nabla.concat {self._names(inputs)} axis = {axis} : "
                          f"{self._functional(inputs, result)}", result)

    def split(self, x, sizes, axis=None):
        parts = ref.split(x.array, sizes, 0 if axis is None else axis)
        attrs = ("" if axis is None else f"axis = {axis} ") + f"sizes = {int_list(sizes)}"
        types = ", ".join(tensor_type(p) for p in parts)
        values = self._emit(f"nabla.split {x.name} {attrs} : {x.type} -> {types}", parts)
        return values if isinstance(values, list) else [values]

    def slice(self, x, starts, ends, axes, steps=None):
        result = ref.slice(x.array, starts, ends, axes, steps)
        attrs = f"starts = {int_list(starts)} ends = {int_list(ends)} axes = {int_list(axes)}"
        if steps is not None:
            attrs += f" steps = {int_list(steps)}"
        return self._to("slice", x, result, attrs)

    def gather(self, data, indices, axis=None):
        result = ref.gather(data.array, indices.array, 0 if axis is None else axis)
        return self._func("gather", [data, indices], result,
                          "" if axis is None else f"axis = {axis}")

    def check_index(self, indices, sizes, axis=None, allow_negative=False, ignore_index=None,
                    site=None):
        """A statement without results: checks the (valid) reference indices."""
        ref.check_index(indices.array, sizes, allow_negative, ignore_index)
        attrs = f"sizes = {int_list(sizes)}"
        if axis is not None:
            attrs += f" axis = {axis}"
        if allow_negative:
            attrs += " allow_negative"
        if ignore_index is not None:
            attrs += f" ignore_index = {ignore_index}"
        if site is not None:
            attrs += f' site = "{site}"'
        self.body.append(f"nabla.check_index {indices.name} {attrs} : {indices.type}")

    def pad(self, x, pads, mode=None, value=None):
        result = ref.pad(x.array, pads, mode or "constant", 0.0 if value is None else value)
        attrs = f"pads = {int_list(pads)}"
        if mode is not None:
            attrs += f" mode = {mode}"
        if value is not None:
            attrs += f" value = {f64_literal(value)}"
        return self._to("pad", x, result, attrs)

    def expand(self, x, shape):
        return self._to("expand", x, ref.expand(x.array, shape), f"shape = {int_list(shape)}")

    def tile(self, x, repeats):
        return self._to("tile", x, ref.tile(x.array, repeats), f"repeats = {int_list(repeats)}")

    # -- recurrent and embedding -------------------------------------------

    def _recurrent(self, mnemonic, fn, x, w, r, optional, hidden_size, direction, clip,
                   flags, **extra):
        operands = [x, w, r]
        parts = []
        kwargs = {}
        for key, value in optional:
            if value is not None:
                operands.append(value)
                parts.append(f"{key}({value.name})")
                kwargs[key] = value.array
        parts.append(f"hidden_size = {hidden_size}")
        if direction is not None:
            parts.append(f"direction = {direction}")
            kwargs["direction"] = direction
        if clip is not None:
            parts.append(f"clip = {f32_literal(clip)}")
            kwargs["clip"] = clip
        for key, value in flags.items():
            if value:
                parts.append(key)
                kwargs[key] = True
        for key, value in extra.items():
            if value is not None:
                parts.append(f"{key} = {value}")
                kwargs[key] = value
        results = list(fn(x.array, w.array, r.array, hidden_size=hidden_size, **kwargs))
        head = f"nabla.{mnemonic} {self._names([x, w, r])}"
        return self._emit(f"{head} {' '.join(parts)} : {self._functional(operands, results)}",
                          results)

    def lstm(self, x, w, r, bias=None, sequence_lens=None, initial_h=None, initial_c=None,
             peepholes=None, hidden_size=None, direction=None, clip=None, input_forget=False):
        return self._recurrent(
            "lstm", ref.lstm, x, w, r,
            [("bias", bias), ("sequence_lens", sequence_lens), ("initial_h", initial_h),
             ("initial_c", initial_c), ("peepholes", peepholes)],
            hidden_size, direction, clip, {"input_forget": input_forget})

    def gru(self, x, w, r, bias=None, sequence_lens=None, initial_h=None, hidden_size=None,
            direction=None, clip=None, linear_before_reset=False):
        return self._recurrent(
            "gru", ref.gru, x, w, r,
            [("bias", bias), ("sequence_lens", sequence_lens), ("initial_h", initial_h)],
            hidden_size, direction, clip, {"linear_before_reset": linear_before_reset})

    def rnn(self, x, w, r, bias=None, sequence_lens=None, initial_h=None, hidden_size=None,
            direction=None, clip=None, activation=None):
        return self._recurrent(
            "rnn", ref.rnn, x, w, r,
            [("bias", bias), ("sequence_lens", sequence_lens), ("initial_h", initial_h)],
            hidden_size, direction, clip, {}, activation=activation)

    def embedding(self, table, indices):
        return self._func("embedding", [table, indices], ref.embedding(table.array, indices.array))

    # -- losses ----------------------------------------------------------------

    def mse_loss(self, a, b, reduction=None):
        result = ref.mse_loss(a.array, b.array, **self._kw(reduction=reduction))
        text = (f"nabla.mse_loss {a.name}, {b.name}"
                + (f" reduction = {reduction}" if reduction else "")
                + f" : {self._functional([a, b], result)}")
        return self._emit(text, result)

    def _class_loss(self, mnemonic, fn, logits, labels, weight, reduction, ignore_index):
        result = fn(logits.array, labels.array, None if weight is None else weight.array,
                    **self._kw(reduction=reduction, ignore_index=ignore_index))
        attrs = []
        if reduction is not None:
            attrs.append(f"reduction = {reduction}")
        if ignore_index is not None:
            attrs.append(f"ignore_index = {ignore_index}")
        operands = [logits, labels] + ([weight] if weight is not None else [])
        return self._func(mnemonic, operands, result, " ".join(attrs))

    def softmax_cross_entropy(self, logits, labels, weight=None, reduction=None,
                              ignore_index=None):
        return self._class_loss("softmax_cross_entropy", ref.softmax_cross_entropy, logits,
                                labels, weight, reduction, ignore_index)

    def nll_loss(self, log_probs, labels, weight=None, reduction=None, ignore_index=None):
        return self._class_loss("nll_loss", ref.nll_loss, log_probs, labels, weight, reduction,
                                ignore_index)

    def binary_cross_entropy(self, probs, targets, weight=None, reduction=None):
        result = ref.binary_cross_entropy(probs.array, targets.array,
                                          None if weight is None else weight.array,
                                          **self._kw(reduction=reduction))
        operands = [probs, targets] + ([weight] if weight is not None else [])
        return self._func("binary_cross_entropy", operands, result,
                          f"reduction = {reduction}" if reduction else "")

    def binary_cross_entropy_with_logits(self, logits, targets, weight=None, pos_weight=None,
                                         reduction=None):
        result = ref.binary_cross_entropy_with_logits(
            logits.array, targets.array, None if weight is None else weight.array,
            None if pos_weight is None else pos_weight.array, **self._kw(reduction=reduction))
        operands = [logits, targets]
        parts = []
        if weight is not None:
            operands.append(weight)
            parts.append(f"weight({weight.name})")
        if pos_weight is not None:
            operands.append(pos_weight)
            parts.append(f"pos_weight({pos_weight.name})")
        if reduction:
            parts.append(f"reduction = {reduction}")
        text = (f"nabla.binary_cross_entropy_with_logits {logits.name}, {targets.name}"
                + "".join(f" {p}" for p in parts)
                + f" : {self._functional(operands, result)}")
        return self._emit(text, result)

    # -- random data ---------------------------------------------------------

    def uniform(self, shape, low, high=None, dtype=np.float32):
        """U(low, high), or U(-low, low) when high is omitted."""
        if high is None:
            low, high = -low, low
        return self.rng.uniform(low, high, size=shape).astype(dtype)

    def normal(self, shape, scale=1.0, dtype=np.float32):
        return (self.rng.standard_normal(size=shape) * scale).astype(dtype)

    def integers(self, shape, low, high, dtype=np.int64):
        return self.rng.integers(low, high, size=shape).astype(dtype)

    # -- triage ----------------------------------------------------------------

    def restrict(self, names):
        """Keeps only the outputs `names` and the ops, parameters and inputs
        they need: the smallest model that shows a failing output."""
        unknown = set(names) - {n for n, _ in self.outputs}
        assert not unknown, f"no such outputs: {sorted(unknown)}"
        # A dropout check needs its mask output too.
        names = set(names) | {self.special[n]["mask"] for n in names if n in self.special}
        self.outputs = [(n, v) for n, v in self.outputs if n in names]
        needed = {v.name.split("#")[0] for _, v in self.outputs}
        kept = []
        for line in reversed(self.body):
            defined = line.split(" = ", 1)[0].split(":")[0]
            if defined in needed:
                kept.append(line)
                needed.update(u.split("#")[0]
                              for u in re.findall(r"%[\w#]+", line.split(" = ", 1)[1]))
        self.body = kept[::-1]
        symbols = set(re.findall(r"get_parameter @([\w.]+)", "\n".join(self.body)))
        self.params = [p for p in self.params if p[0] in symbols]
        self.inputs = [v for v in self.inputs if v.name in needed]
        self.special = {k: s for k, s in self.special.items() if k in names}

    # -- output ----------------------------------------------------------------

    def mlir(self):
        lines = [f"// E2E model '{self.name}', generated by test/E2E/models.py; do not edit."]
        for symbol, array, trainable in self.params:
            flag = " trainable" if trainable else ""
            lines.append(f"nabla.parameter @{symbol}{flag} : {tensor_type(array)} = "
                         f"{dense_literal(array)}")
        args = ", ".join(f'{v.name}: {v.type} {{nabla.name = "{v.input_name}"}}'
                         for v in self.inputs)
        results = ", ".join(f'{v.type} {{nabla.name = "{n}"}}' for n, v in self.outputs)
        lines.append(f"func.func @forward({args}) -> ({results}) {{")
        lines.extend(f"  {line}" for line in self.body)
        lines.append("  return " + ", ".join(v.name for _, v in self.outputs) + " : "
                     + ", ".join(v.type for _, v in self.outputs))
        lines.append("}")
        return "\n".join(lines) + "\n"

    def write(self, directory):
        os.makedirs(os.path.join(directory, "inputs"), exist_ok=True)
        os.makedirs(os.path.join(directory, "expected"), exist_ok=True)
        with open(os.path.join(directory, "model.mlir"), "w") as f:
            f.write(self.mlir())
        assert len(self.inputs) <= 100
        for i, v in enumerate(self.inputs):
            np.save(os.path.join(directory, "inputs", f"{i:02d}_{v.input_name}.npy"), v.array)
        special_masks = {s["mask"] for s in self.special.values()}
        for name, v in self.outputs:
            if name in self.special:
                spec = dict(self.special[name])
                # Not *.npy: compare.py reads it through the check file only.
                with open(os.path.join(directory, "expected", f"{name}.kept"), "wb") as f:
                    np.save(f, spec.pop("kept"), allow_pickle=False)
                spec["kept"] = f"{name}.kept"
                with open(os.path.join(directory, "expected", f"{name}.check.json"), "w") as f:
                    json.dump(spec, f, indent=1)
            elif name not in special_masks:
                np.save(os.path.join(directory, "expected", f"{name}.npy"), v.array)
