"""Independent NumPy reference of every nabla op, for the end-to-end tests.

Written from the op descriptions in dialects/Nabla/IR/Nabla*Ops.td (ONNX's
semantics where ONNX has the op), never from the compiler's lowering. Each
function takes and returns NumPy arrays. Floating-point ops compute in float64
and round to the op's element type once, at the end, so the only difference
between a correct compiled op and its reference is the compiler's own rounding
inside the op. Integer ops compute in the element type (or in int64 and wrap
back, which is the same modulo 2^n), so integers wrap as the ops say.

Attributes declared as F32Attr are rounded to float32 first (`f32attr`): the
compiler sees the float32 value, not the decimal written in the model.
"""
import builtins
import math

import numpy as np

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def f32attr(value):
    """The value an F32Attr holds for `value`, as a Python float."""
    return float(np.float32(value))


def is_float(a):
    return np.issubdtype(np.asarray(a).dtype, np.floating)


def _f64(a):
    return np.asarray(a, dtype=np.float64)


def _like(result, dtype):
    """Rounds (floats) or wraps (integers) `result` to `dtype`."""
    result = np.asarray(result)
    if np.issubdtype(dtype, np.integer) and np.issubdtype(result.dtype, np.integer):
        return result.astype(dtype)
    return result.astype(dtype)


def _wide(dtype):
    """The 64-bit integer type of `dtype`'s signedness: arithmetic in it and a
    cast back wraps exactly as arithmetic in `dtype` does."""
    return np.uint64 if np.issubdtype(dtype, np.unsignedinteger) else np.int64


def _float_unary(fn):
    def op(x, *args, **kwargs):
        x = np.asarray(x)
        assert is_float(x), f"{fn.__name__} takes floats"
        with np.errstate(all="ignore"):
            return _like(fn(_f64(x), *args, **kwargs), x.dtype)
    op.__name__ = getattr(fn, "__name__", "op")
    op.__doc__ = fn.__doc__
    return op


# ---------------------------------------------------------------------------
# Binary arithmetic (NumPy broadcasting, one element type, no promotion)
# ---------------------------------------------------------------------------


def _binary(lhs, rhs, float_fn, int_fn=None):
    lhs, rhs = np.asarray(lhs), np.asarray(rhs)
    assert lhs.dtype == rhs.dtype, (lhs.dtype, rhs.dtype)
    with np.errstate(all="ignore"):
        if is_float(lhs):
            return _like(float_fn(_f64(lhs), _f64(rhs)), lhs.dtype)
        fn = int_fn or float_fn
        wide = _wide(lhs.dtype)
        return _like(fn(lhs.astype(wide), rhs.astype(wide)), lhs.dtype)


def add(lhs, rhs):
    return _binary(lhs, rhs, np.add)


def sub(lhs, rhs):
    return _binary(lhs, rhs, np.subtract)


def mul(lhs, rhs):
    return _binary(lhs, rhs, np.multiply)


def _trunc_div(a, b):
    """Integer division truncating toward zero (ONNX Runtime's Div)."""
    if np.issubdtype(a.dtype, np.unsignedinteger):
        return a // b
    q = np.abs(a) // np.abs(b)
    return np.where((a < 0) != (b < 0), -q, q)


def div(lhs, rhs):
    return _binary(lhs, rhs, np.divide, _trunc_div)


def _int_power(a, b, dtype):
    """Exact integer power wrapped to `dtype`; a negative exponent gives
    1 / a^-b truncated: 1 and -1 keep their powers, other bases give 0."""
    bits = np.dtype(dtype).itemsize * 8
    signed = np.issubdtype(dtype, np.signedinteger)
    a, b = int(a), int(b)
    if b < 0:
        assert a != 0, "0 to a negative power is undefined"
        return 1 if a == 1 else (-1) ** (-b) if a == -1 else 0
    r = builtins.pow(a, b, 1 << bits)  # this module's pow shadows it
    return r - (1 << bits) if signed and r >= 1 << (bits - 1) else r


def pow(lhs, rhs):  # noqa: A001 - the op's name
    """C's pow on floats (NumPy's power: negative bases to integral
    exponents, 0^0 = 1); the exact wrapping power on integers."""
    lhs, rhs = np.asarray(lhs), np.asarray(rhs)
    if is_float(lhs):
        return _binary(lhs, rhs, np.power)
    assert lhs.dtype == rhs.dtype
    a, b = np.broadcast_arrays(lhs, rhs)
    out = [_int_power(x, y, lhs.dtype) for x, y in zip(a.ravel(), b.ravel())]
    return np.array(out, dtype=object).astype(lhs.dtype).reshape(a.shape)


def mod(lhs, rhs, fmod=False):
    """The remainder signed like the divisor (NumPy's mod), or like the
    dividend with `fmod` (C's fmod); an integer remainder by 0 is 0."""
    lhs, rhs = np.asarray(lhs), np.asarray(rhs)

    def int_mod(a, b):
        # ones_like, zeros_like: a Python int would promote uint64 to float64.
        safe = np.where(b == 0, np.ones_like(b), b)
        r = np.fmod(a, safe) if fmod else np.mod(a, safe)
        return np.where(b == 0, np.zeros_like(r), r)
    return _binary(lhs, rhs, np.fmod if fmod else np.mod, int_mod)


def maximum(lhs, rhs):
    """`max(lhs, rhs)`; a NaN operand gives NaN."""
    return _binary(lhs, rhs, np.maximum)


def minimum(lhs, rhs):
    """`min(lhs, rhs)`; a NaN operand gives NaN."""
    return _binary(lhs, rhs, np.minimum)


# ---------------------------------------------------------------------------
# Unary math and activations
# ---------------------------------------------------------------------------


def neg(x):
    x = np.asarray(x)
    return _like(-_f64(x), x.dtype) if is_float(x) else (-x).astype(x.dtype)


def abs(x):  # noqa: A001
    x = np.asarray(x)
    return _like(np.abs(_f64(x)), x.dtype) if is_float(x) else np.abs(x).astype(x.dtype)


def sign(x):
    x = np.asarray(x)
    return _like(np.sign(_f64(x)), x.dtype) if is_float(x) else np.sign(x).astype(x.dtype)


exp = _float_unary(np.exp)
log = _float_unary(np.log)
sqrt = _float_unary(np.sqrt)
rsqrt = _float_unary(lambda x: 1.0 / np.sqrt(x))
reciprocal = _float_unary(lambda x: 1.0 / x)
_erf64 = np.vectorize(math.erf, otypes=[np.float64])
erf = _float_unary(_erf64)
floor = _float_unary(np.floor)
ceil = _float_unary(np.ceil)
round = _float_unary(np.rint)  # noqa: A001 - halves to even, as np.rint
tanh = _float_unary(np.tanh)
sin = _float_unary(np.sin)
cos = _float_unary(np.cos)
tan = _float_unary(np.tan)
asin = _float_unary(np.arcsin)
acos = _float_unary(np.arccos)
atan = _float_unary(np.arctan)
sinh = _float_unary(np.sinh)
cosh = _float_unary(np.cosh)
asinh = _float_unary(np.arcsinh)
acosh = _float_unary(np.arccosh)
atanh = _float_unary(np.arctanh)
sigmoid = _float_unary(lambda x: 1.0 / (1.0 + np.exp(-x)))
relu = _float_unary(lambda x: np.maximum(x, 0.0))  # NaN stays NaN
softplus = _float_unary(lambda x: np.logaddexp(0.0, x))


@_float_unary
def leaky_relu(x, alpha=0.01):
    return np.where(x >= 0, x, f32attr(alpha) * x)


@_float_unary
def elu(x, alpha=1.0):
    return np.where(x >= 0, x, f32attr(alpha) * np.expm1(x))


SELU_ALPHA = 1.67326319217681884765625
SELU_GAMMA = 1.05070102214813232421875


@_float_unary
def selu(x, alpha=SELU_ALPHA, gamma=SELU_GAMMA):
    alpha, gamma = f32attr(alpha), f32attr(gamma)
    return np.where(x > 0, gamma * x, gamma * alpha * np.expm1(x))


@_float_unary
def gelu(x, approximate="none"):
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
    return 0.5 * x * (1.0 + _erf64(x / math.sqrt(2.0)))


@_float_unary
def hard_sigmoid(x, alpha=0.2, beta=0.5):
    return np.maximum(0.0, np.minimum(1.0, f32attr(alpha) * x + f32attr(beta)))


def clip(x, min=None, max=None):  # noqa: A002
    """`min(max(x, min), max)`; the f64 bounds are converted to the element type."""
    x = np.asarray(x)
    y = x
    if min is not None:
        y = np.maximum(y, np.asarray(min).astype(x.dtype))
    if max is not None:
        y = np.minimum(y, np.asarray(max).astype(x.dtype))
    return np.asarray(y, dtype=x.dtype)


# ---------------------------------------------------------------------------
# Comparison, logic, select, cast
# ---------------------------------------------------------------------------

_PREDICATES = {
    "eq": np.equal, "ne": np.not_equal, "lt": np.less,
    "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal,
}


def compare(predicate, lhs, rhs):
    """Ordered float comparisons: NaN gives false, except for `ne` (true)."""
    lhs, rhs = np.asarray(lhs), np.asarray(rhs)
    assert lhs.dtype == rhs.dtype
    with np.errstate(invalid="ignore"):
        return _PREDICATES[predicate](lhs, rhs)


def logical_and(lhs, rhs):
    return np.logical_and(lhs, rhs)


def logical_or(lhs, rhs):
    return np.logical_or(lhs, rhs)


def logical_xor(lhs, rhs):
    return np.logical_xor(lhs, rhs)


def logical_not(x):
    return np.logical_not(x)


def where(condition, on_true, on_false):
    on_true, on_false = np.asarray(on_true), np.asarray(on_false)
    assert on_true.dtype == on_false.dtype
    return np.where(condition, on_true, on_false).astype(on_true.dtype)


def cast(x, to):
    """Floats to integers truncate toward zero, anything to bool is `x != 0`."""
    x = np.asarray(x)
    to = np.dtype(to)
    if to == np.bool_:
        return x != 0
    if is_float(x) and np.issubdtype(to, np.integer):
        return np.trunc(x).astype(to)
    return x.astype(to)


# ---------------------------------------------------------------------------
# Contraction
# ---------------------------------------------------------------------------


def matmul(lhs, rhs):
    """NumPy matmul semantics (1-D promotion, batch broadcasting)."""
    lhs, rhs = np.asarray(lhs), np.asarray(rhs)
    assert lhs.dtype == rhs.dtype
    if is_float(lhs):
        return _like(np.matmul(_f64(lhs), _f64(rhs)), lhs.dtype)
    wide = _wide(lhs.dtype)
    return np.matmul(lhs.astype(wide), rhs.astype(wide)).astype(lhs.dtype)


def gemm(a, b, c=None, trans_a=False, trans_b=False, alpha=1.0, beta=1.0):
    """`alpha * A' x B' + beta * C`, C unidirectionally broadcast to [M, N]."""
    a, b = np.asarray(a), np.asarray(b)
    alpha, beta = f32attr(alpha), f32attr(beta)
    A = a.T if trans_a else a
    B = b.T if trans_b else b
    if is_float(a):
        y = alpha * (_f64(A) @ _f64(B))
        if c is not None:
            y = y + beta * _f64(c)
        return _like(y, a.dtype)
    wide = _wide(a.dtype)
    y = wide(int(alpha)) * (A.astype(wide) @ B.astype(wide))
    if c is not None:
        y = y + wide(int(beta)) * np.asarray(c).astype(wide)
    return y.astype(a.dtype)


def _epilogue(y, bias, residual, activation, act_alpha, act_beta):
    """`act(y + bias + residual)` in float64: the epilogue of a fused op."""
    if bias is not None:
        y = y + _f64(bias)
    if residual is not None:
        y = y + _f64(residual)
    a, b = f32attr(act_alpha), f32attr(act_beta)
    with np.errstate(all="ignore"):
        if activation == "relu":
            y = np.maximum(y, 0.0)
        elif activation == "clip":
            y = np.minimum(np.maximum(y, a), b)
        elif activation == "leaky_relu":
            y = np.where(y >= 0, y, a * y)
        elif activation == "sigmoid":
            y = 1.0 / (1.0 + np.exp(-y))
        elif activation == "tanh":
            y = np.tanh(y)
        elif activation == "gelu_erf":
            y = 0.5 * y * (1.0 + _erf64(y / math.sqrt(2.0)))
        elif activation == "gelu_tanh":
            y = 0.5 * y * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (y + 0.044715 * y**3)))
        else:
            assert activation == "none", activation
    return y


def fused_matmul(a, b, bias=None, residual=None, trans_a=False, trans_b=False,
                 alpha=1.0, activation="none", act_alpha=0.0, act_beta=0.0):
    """`act(alpha * A' x B' + bias + residual)`, transposes in the last two
    dimensions, a 2-D b shared by every batch; rounded once."""
    a, b = np.asarray(a), np.asarray(b)
    A = np.swapaxes(_f64(a), -1, -2) if trans_a else _f64(a)
    B = np.swapaxes(_f64(b), -1, -2) if trans_b else _f64(b)
    y = f32attr(alpha) * np.matmul(A, B)
    return _like(_epilogue(y, bias, residual, activation, act_alpha, act_beta), a.dtype)


# ---------------------------------------------------------------------------
# Convolution and pooling (NCHW, FCHW)
# ---------------------------------------------------------------------------


def _window_out(size, kernel, stride, dilation, before, after, ceil_mode):
    extent = dilation * (kernel - 1) + 1
    span = size + before + after - extent
    if ceil_mode:
        out = -(-span // stride) + 1
        # A last window starting past the input plus its leading padding is
        # dropped (PyTorch and ONNX).
        if (out - 1) * stride >= size + before:
            out -= 1
    else:
        out = span // stride + 1
    assert out >= 1, "window output size must be >= 1"
    return out


def conv2d(x, w, bias=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), groups=1):
    x, w = np.asarray(x), np.asarray(w)
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    assert c == cg * groups and f % groups == 0
    sh, sw = strides
    dh, dw = dilations
    top, left, bottom, right = pads
    oh = _window_out(h, kh, sh, dh, top, bottom, False)
    ow = _window_out(wd, kw, sw, dw, left, right, False)
    xp = np.zeros((n, c, h + top + bottom, wd + left + right))
    xp[:, :, top:top + h, left:left + wd] = x
    wf = _f64(w)
    fg = f // groups
    y = np.zeros((n, f, oh, ow))
    for g in range(groups):
        # im2col: [n, cg, kh * kw, oh, ow], contracted with [fg, cg, kh * kw].
        xs = xp[:, g * cg:(g + 1) * cg]
        cols = np.stack([xs[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                            j * dw:j * dw + sw * (ow - 1) + 1:sw]
                         for i in range(kh) for j in range(kw)], axis=2)
        ws = wf[g * fg:(g + 1) * fg].reshape(fg, cg, kh * kw)
        y[:, g * fg:(g + 1) * fg] = np.tensordot(ws, cols, axes=([1, 2], [1, 2])).transpose(
            1, 0, 2, 3)
    if bias is not None:
        y += _f64(bias)[None, :, None, None]
    return _like(y, x.dtype)


def fused_conv2d(x, w, bias=None, residual=None, strides=(1, 1), pads=(0, 0, 0, 0),
                 dilations=(1, 1), groups=1, activation="none", act_alpha=0.0, act_beta=0.0):
    """`act(conv2d(x, w, bias) + residual)`, rounded once."""
    x = np.asarray(x)
    y = conv2d(_f64(x), w, bias, strides, pads, dilations, groups)
    return _like(_epilogue(y, None, residual, activation, act_alpha, act_beta), x.dtype)


def conv_transpose2d(x, w, bias=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1),
                     output_padding=(0, 0), groups=1):
    """Every input pixel scatters x[n, c, h, w] * w[c, f, :, :] into the output."""
    x, w = np.asarray(x), np.asarray(w)
    n, c, h, wd = x.shape
    cw, fg, kh, kw = w.shape
    assert cw == c and c % groups == 0
    f = fg * groups
    cg = c // groups
    sh, sw = strides
    dh, dw = dilations
    top, left, bottom, right = pads
    full_h = sh * (h - 1) + output_padding[0] + dh * (kh - 1) + 1
    full_w = sw * (wd - 1) + output_padding[1] + dw * (kw - 1) + 1
    full = np.zeros((n, f, full_h, full_w))
    xf, wf = _f64(x), _f64(w)
    for g in range(groups):
        xs = xf[:, g * cg:(g + 1) * cg]
        ws = wf[g * cg:(g + 1) * cg]
        for i in range(kh):
            for j in range(kw):
                contrib = np.einsum("nchw,cf->nfhw", xs, ws[:, :, i, j])
                full[:, g * fg:(g + 1) * fg,
                     i * dh:i * dh + sh * (h - 1) + 1:sh,
                     j * dw:j * dw + sw * (wd - 1) + 1:sw] += contrib
    oh = full_h - top - bottom
    ow = full_w - left - right
    assert oh >= 1 and ow >= 1
    y = full[:, :, top:top + oh, left:left + ow]
    if bias is not None:
        y = y + _f64(bias)[None, :, None, None]
    return _like(y, x.dtype)


def _windows(xp, kh, kw, sh, sw, dh, dw, oh, ow):
    """[..., oh, ow, kh*kw] view of the windows of an already padded map."""
    taps = []
    for i in range(kh):
        for j in range(kw):
            taps.append(xp[..., i * dh:i * dh + sh * (oh - 1) + 1:sh,
                           j * dw:j * dw + sw * (ow - 1) + 1:sw])
    return np.stack(taps, axis=-1)


def _pool_geometry(x, kernel_shape, strides, pads, dilations, ceil_mode):
    n, c, h, w = x.shape
    kh, kw = kernel_shape
    sh, sw = strides
    dh, dw = dilations
    top, left, bottom, right = pads
    oh = _window_out(h, kh, sh, dh, top, bottom, ceil_mode)
    ow = _window_out(w, kw, sw, dw, left, right, ceil_mode)
    # Room for the windows that ceil_mode lets run past the padded input.
    need_h = (oh - 1) * sh + dh * (kh - 1) + 1
    need_w = (ow - 1) * sw + dw * (kw - 1) + 1
    extra_h = max(0, need_h - (h + top + bottom))
    extra_w = max(0, need_w - (w + left + right))
    return (kh, kw, sh, sw, dh, dw, top, left, bottom, right, oh, ow, extra_h, extra_w)


def max_pool2d(x, kernel_shape, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1),
               ceil_mode=False):
    """Padded positions are ignored: each window's max is over its taps in x."""
    x = np.asarray(x)
    (kh, kw, sh, sw, dh, dw, top, left, bottom, right, oh, ow, eh, ew) = _pool_geometry(
        x, kernel_shape, strides, pads, dilations, ceil_mode)
    n, c, h, w = x.shape
    if is_float(x):
        xv, fill = _f64(x), -np.inf
    else:
        xv, fill = x, np.iinfo(x.dtype).min
    xp = np.full((n, c, h + top + bottom + eh, w + left + right + ew), fill, dtype=xv.dtype)
    xp[:, :, top:top + h, left:left + w] = xv
    win = _windows(xp, kh, kw, sh, sw, dh, dw, oh, ow)
    y = win.max(axis=-1)  # NaN propagates
    return _like(y, x.dtype)


def avg_pool2d(x, kernel_shape, strides=(1, 1), pads=(0, 0, 0, 0), ceil_mode=False,
               count_include_pad=False):
    x = np.asarray(x)
    (kh, kw, sh, sw, dh, dw, top, left, bottom, right, oh, ow, eh, ew) = _pool_geometry(
        x, kernel_shape, strides, pads, (1, 1), ceil_mode)
    n, c, h, w = x.shape
    ph, pw = h + top + bottom + eh, w + left + right + ew
    xp = np.zeros((n, c, ph, pw))
    xp[:, :, top:top + h, left:left + w] = _f64(x)
    sums = _windows(xp, kh, kw, sh, sw, dh, dw, oh, ow).sum(axis=-1)
    counted = np.zeros((ph, pw))
    if count_include_pad:
        counted[:h + top + bottom, :w + left + right] = 1.0
    else:
        counted[top:top + h, left:left + w] = 1.0
    counts = _windows(counted, kh, kw, sh, sw, dh, dw, oh, ow).sum(axis=-1)
    return _like(sums / counts, x.dtype)


def global_avg_pool2d(x):
    x = np.asarray(x)
    return _like(_f64(x).mean(axis=(2, 3), keepdims=True), x.dtype)


def global_max_pool2d(x):
    x = np.asarray(x)
    return x.max(axis=(2, 3), keepdims=True).astype(x.dtype)


# ---------------------------------------------------------------------------
# Normalization and dropout
# ---------------------------------------------------------------------------


def _per_channel(v, rank):
    return _f64(v).reshape((1, -1) + (1,) * (rank - 2))


def batch_norm(x, scale, bias, mean, var, epsilon=1e-5):
    x = np.asarray(x)
    r = x.ndim
    eps = f32attr(epsilon)
    y = ((_f64(x) - _per_channel(mean, r)) / np.sqrt(_per_channel(var, r) + eps)
         * _per_channel(scale, r) + _per_channel(bias, r))
    return _like(y, x.dtype)


def batch_norm_train(x, scale, bias, running_mean, running_var, epsilon=1e-5, momentum=0.9,
                     unbiased_running_var=False):
    """Returns (y, new_running_mean, new_running_var, saved_mean, saved_inv_std)."""
    x = np.asarray(x)
    r = x.ndim
    axes = (0,) + tuple(range(2, r))
    n = x.size // x.shape[1]
    eps, mom = f32attr(epsilon), f32attr(momentum)
    xf = _f64(x)
    mean_b = xf.mean(axis=axes)
    var_b = ((xf - mean_b.reshape((1, -1) + (1,) * (r - 2))) ** 2).mean(axis=axes)
    inv_std = 1.0 / np.sqrt(var_b + eps)
    y = ((xf - _per_channel(mean_b, r)) * _per_channel(inv_std, r) * _per_channel(scale, r)
         + _per_channel(bias, r))
    v = var_b * n / (n - 1) if unbiased_running_var else var_b
    new_mean = _f64(running_mean) * mom + mean_b * (1.0 - mom)
    new_var = _f64(running_var) * mom + v * (1.0 - mom)
    dt = x.dtype
    return (_like(y, dt), _like(new_mean, dt), _like(new_var, dt), _like(mean_b, dt),
            _like(inv_std, dt))


def layer_norm(x, scale, bias=None, axis=-1, epsilon=1e-5):
    x = np.asarray(x)
    axes = tuple(range(axis, x.ndim))
    xf = _f64(x)
    mean = xf.mean(axis=axes, keepdims=True)
    var = ((xf - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (xf - mean) / np.sqrt(var + f32attr(epsilon)) * _f64(scale)
    if bias is not None:
        y = y + _f64(bias)
    return _like(y, x.dtype)


def dropout_eval(x):
    """`eval` mode (or ratio 0): y = x and an all-true mask."""
    x = np.asarray(x)
    return x.copy(), np.ones(x.shape, dtype=np.bool_)


def dropout_kept_value(x, ratio):
    """The value a kept element has in `train` mode: x / (1 - ratio)."""
    x = np.asarray(x)
    return _like(_f64(x) / (1.0 - f32attr(ratio)), x.dtype)


# ---------------------------------------------------------------------------
# Reductions, arg-reductions, softmax
# ---------------------------------------------------------------------------


def _reduce(x, axes, keep_dims, float_fn, int_fn=None):
    x = np.asarray(x)
    axes = tuple(axes)
    with np.errstate(all="ignore"):
        if is_float(x):
            return _like(float_fn(_f64(x), axis=axes, keepdims=keep_dims), x.dtype)
        fn = int_fn or float_fn
        wide = _wide(x.dtype)
        return np.asarray(fn(x.astype(wide), axis=axes, keepdims=keep_dims)).astype(x.dtype)


def reduce_sum(x, axes, keep_dims=False):
    return _reduce(x, axes, keep_dims, np.sum)


def reduce_mean(x, axes, keep_dims=False):
    assert is_float(x)
    return _reduce(x, axes, keep_dims, np.mean)


def reduce_max(x, axes, keep_dims=False):
    return _reduce(x, axes, keep_dims, np.max)


def reduce_min(x, axes, keep_dims=False):
    return _reduce(x, axes, keep_dims, np.min)


def reduce_prod(x, axes, keep_dims=False):
    return _reduce(x, axes, keep_dims, np.prod)


def reduce_l2(x, axes, keep_dims=False):
    assert is_float(x)
    return _reduce(x, axes, keep_dims,
                   lambda v, axis, keepdims: np.sqrt(np.sum(v * v, axis=axis, keepdims=keepdims)))


def reduce_log_sum_exp(x, axes, keep_dims=False):
    assert is_float(x)

    def lse(v, axis, keepdims):
        m = np.max(v, axis=axis, keepdims=True)
        m = np.where(np.isinf(m), 0.0, m)
        s = np.log(np.sum(np.exp(v - m), axis=axis, keepdims=True)) + m
        return s if keepdims else np.squeeze(s, axis=axis)
    return _reduce(x, axes, keep_dims, lse)


def _arg_reduce(x, axis, keep_dims, select_last_index, fn):
    x = np.asarray(x)
    if select_last_index:
        flipped = np.flip(x, axis=axis)
        idx = x.shape[axis] - 1 - fn(flipped, axis=axis)
    else:
        idx = fn(x, axis=axis)
    idx = np.asarray(idx, dtype=np.int64)
    return np.expand_dims(idx, axis) if keep_dims else idx


def argmax(x, axis, keep_dims=False, select_last_index=False):
    """Ties give the first (or last) index; NaN counts as the largest (NumPy)."""
    return _arg_reduce(x, axis, keep_dims, select_last_index, np.argmax)


def argmin(x, axis, keep_dims=False, select_last_index=False):
    """Ties give the first (or last) index; NaN counts as the smallest (NumPy)."""
    return _arg_reduce(x, axis, keep_dims, select_last_index, np.argmin)


def softmax(x, axis):
    x = np.asarray(x)
    xf = _f64(x)
    e = np.exp(xf - xf.max(axis=axis, keepdims=True))
    return _like(e / e.sum(axis=axis, keepdims=True), x.dtype)


def log_softmax(x, axis):
    x = np.asarray(x)
    xf = _f64(x)
    s = xf - xf.max(axis=axis, keepdims=True)
    return _like(s - np.log(np.exp(s).sum(axis=axis, keepdims=True)), x.dtype)


# ---------------------------------------------------------------------------
# Shape ops
# ---------------------------------------------------------------------------


def reshape(x, shape):
    return np.reshape(np.asarray(x), tuple(shape)).copy()


def flatten(x, axis=1):
    x = np.asarray(x)
    lead = int(np.prod(x.shape[:axis], dtype=np.int64))
    return x.reshape(lead, -1 if x.size else int(np.prod(x.shape[axis:]))).copy()


def transpose(x, perm):
    return np.transpose(np.asarray(x), perm).copy()


def squeeze(x, axes):
    return np.squeeze(np.asarray(x), axis=tuple(axes)).copy()


def unsqueeze(x, axes):
    """`axes` index the result."""
    y = np.asarray(x)
    for a in sorted(axes):
        y = np.expand_dims(y, a)
    return y.copy()


def concat(inputs, axis):
    return np.concatenate([np.asarray(i) for i in inputs], axis=axis)


def split(x, sizes, axis=0):
    x = np.asarray(x)
    bounds = np.cumsum(sizes)[:-1]
    parts = np.split(x, bounds, axis=axis)
    return [p.copy() for p in parts]


def _slice_bounds(start, end, step, d):
    if start < 0:
        start += d
    if end < 0:
        end += d
    if step > 0:
        start = min(max(start, 0), d)
        end = min(max(end, 0), d)
    else:
        start = min(max(start, 0), d - 1)
        end = min(max(end, -1), d - 1)
    return start, end


def slice(x, starts, ends, axes, steps=None):  # noqa: A001
    """ONNX Slice: negative bounds count from the end, then clamp."""
    x = np.asarray(x)
    steps = steps or [1] * len(axes)
    index = [np.s_[:]] * x.ndim
    for start, end, axis, step in zip(starts, ends, axes, steps):
        d = x.shape[axis]
        s, e = _slice_bounds(start, end, step, d)
        positions = list(range(s, e, step))
        index[axis] = np.array(positions, dtype=np.int64)
    y = x
    for axis, idx in enumerate(index):
        if not isinstance(idx, type(np.s_[:])):
            y = np.take(y, idx, axis=axis)
    return y.copy()


def check_index(indices, sizes, allow_negative=False, ignore_index=None):
    """nabla.check_index: raises IndexError unless every entry is in
    [0, size) (or [-size, size) with allow_negative) or is ignore_index; with
    several sizes, entry k of the last dimension is checked against sizes[k]."""
    idx = np.asarray(indices).astype(np.int64)
    sizes = np.asarray(sizes, np.int64)
    size = sizes if sizes.size > 1 else sizes[0]
    low = -size if allow_negative else 0
    bad = (idx < low) | (idx >= size)
    if ignore_index is not None:
        bad &= idx != ignore_index
    if bad.any():
        position = int(np.flatnonzero(bad.reshape(-1))[0])
        raise IndexError(f"index {idx.reshape(-1)[position]} at position {position} "
                         f"is out of range for sizes {sizes.tolist()}")


def gather(data, indices, axis=0):
    """Negative indices count from the end of dimension `axis`; an index out
    of range is an error."""
    data = np.asarray(data)
    check_index(indices, [data.shape[axis]], allow_negative=True)
    idx = np.asarray(indices).astype(np.int64)
    idx = np.where(idx < 0, idx + data.shape[axis], idx)
    return np.take(data, idx, axis=axis)


def pad(x, pads, mode="constant", value=0.0):
    """ONNX Pad; negative entries crop."""
    x = np.asarray(x)
    r = x.ndim
    begins, ends = list(pads[:r]), list(pads[r:])
    widths = [(max(b, 0), max(e, 0)) for b, e in zip(begins, ends)]
    if mode == "constant":
        y = np.pad(x, widths, mode="constant", constant_values=np.asarray(value).astype(x.dtype))
    else:
        y = np.pad(x, widths, mode={"reflect": "reflect", "edge": "edge"}[mode])
    index = tuple(np.s_[-min(b, 0):y.shape[i] + min(e, 0)]
                  for i, (b, e) in enumerate(zip(begins, ends)))
    return y[index].astype(x.dtype).copy()


def expand(x, shape):
    """Bidirectional NumPy broadcast of x with a tensor of shape `shape`."""
    x = np.asarray(x)
    out = np.broadcast_shapes(x.shape, tuple(shape))
    return np.broadcast_to(x, out).copy()


def tile(x, repeats):
    return np.tile(np.asarray(x), tuple(repeats))


# ---------------------------------------------------------------------------
# Recurrent layers (ONNX, layout 0) and embedding
# ---------------------------------------------------------------------------


def _sig(v):
    return 1.0 / (1.0 + np.exp(-v))


def _clip(v, clip_value):
    if clip_value is None:
        return v
    c = f32attr(clip_value)
    return np.clip(v, -c, c)


def _directions(direction):
    return {"forward": ["forward"], "reverse": ["reverse"],
            "bidirectional": ["forward", "reverse"]}[direction]


def _recurrence(x, sequence_lens, direction, num_states, initial_states, step):
    """Runs `step(d, x_t, states) -> states` over time for every direction.

    Returns y [T, D, B, H] and the final states, each [D, B, H]. Batch entry
    b runs only its first sequence_lens[b] steps (a reverse direction starts
    at step sequence_lens[b] - 1); y is zero past them.
    """
    seq, batch, _ = x.shape
    dirs = _directions(direction)
    hidden = initial_states[0].shape[-1]
    lens = (np.full(batch, seq, dtype=np.int64) if sequence_lens is None
            else np.asarray(sequence_lens).astype(np.int64))
    y = np.zeros((seq, len(dirs), batch, hidden))
    finals = [np.zeros((len(dirs), batch, hidden)) for _ in range(num_states)]
    xf = _f64(x)
    for d, name in enumerate(dirs):
        for b in range(batch):
            states = [s[d, b:b + 1].copy() for s in initial_states]
            n = int(lens[b])
            order = range(n) if name == "forward" else range(n - 1, -1, -1)
            for t in order:
                states = step(d, xf[t, b:b + 1], states)
                y[t, d, b] = states[0][0]
            for k in range(num_states):
                finals[k][d, b] = states[k][0]
    return y, finals


def _initial(value, dirs, batch, hidden):
    if value is None:
        return np.zeros((dirs, batch, hidden))
    return _f64(value)


def lstm(x, w, r, bias=None, sequence_lens=None, initial_h=None, initial_c=None,
         peepholes=None, hidden_size=None, direction="forward", clip=None,
         input_forget=False):
    """ONNX LSTM (gates i, o, f, c); returns (y, y_h, y_c)."""
    x = np.asarray(x)
    h = hidden_size
    nd = len(_directions(direction))
    batch = x.shape[1]
    wf, rf = _f64(w), _f64(r)
    bf = np.zeros((nd, 8 * h)) if bias is None else _f64(bias)
    pf = np.zeros((nd, 3 * h)) if peepholes is None else _f64(peepholes)

    def step(d, xt, states):
        hp, cp = states
        g = xt @ wf[d].T + hp @ rf[d].T + bf[d, :4 * h] + bf[d, 4 * h:]
        gi, go, gf, gc = g[:, :h], g[:, h:2 * h], g[:, 2 * h:3 * h], g[:, 3 * h:]
        pi, po, pff = pf[d, :h], pf[d, h:2 * h], pf[d, 2 * h:]
        i = _sig(_clip(gi + pi * cp, clip))
        f = 1.0 - i if input_forget else _sig(_clip(gf + pff * cp, clip))
        c_hat = np.tanh(_clip(gc, clip))
        c = f * cp + i * c_hat
        o = _sig(_clip(go + po * c, clip))
        return [o * np.tanh(c), c]

    init = [_initial(initial_h, nd, batch, h), _initial(initial_c, nd, batch, h)]
    y, (y_h, y_c) = _recurrence(x, sequence_lens, direction, 2, init, step)
    return _like(y, x.dtype), _like(y_h, x.dtype), _like(y_c, x.dtype)


def gru(x, w, r, bias=None, sequence_lens=None, initial_h=None, hidden_size=None,
        direction="forward", clip=None, linear_before_reset=False):
    """ONNX GRU (gates z, r, h); returns (y, y_h)."""
    x = np.asarray(x)
    h = hidden_size
    nd = len(_directions(direction))
    batch = x.shape[1]
    wf, rf = _f64(w), _f64(r)
    bf = np.zeros((nd, 6 * h)) if bias is None else _f64(bias)

    def step(d, xt, states):
        (hp,) = states
        wb, rb = bf[d, :3 * h], bf[d, 3 * h:]
        xw = xt @ wf[d].T
        W_r = rf[d]
        z = _sig(_clip(xw[:, :h] + hp @ W_r[:h].T + wb[:h] + rb[:h], clip))
        rg = _sig(_clip(xw[:, h:2 * h] + hp @ W_r[h:2 * h].T + wb[h:2 * h] + rb[h:2 * h], clip))
        if linear_before_reset:
            pre = xw[:, 2 * h:] + rg * (hp @ W_r[2 * h:].T + rb[2 * h:]) + wb[2 * h:]
        else:
            pre = xw[:, 2 * h:] + (rg * hp) @ W_r[2 * h:].T + rb[2 * h:] + wb[2 * h:]
        hh = np.tanh(_clip(pre, clip))
        return [(1.0 - z) * hh + z * hp]

    init = [_initial(initial_h, nd, batch, h)]
    y, (y_h,) = _recurrence(x, sequence_lens, direction, 1, init, step)
    return _like(y, x.dtype), _like(y_h, x.dtype)


_RNN_ACTIVATIONS = {"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0.0), "sigmoid": _sig}


def rnn(x, w, r, bias=None, sequence_lens=None, initial_h=None, hidden_size=None,
        direction="forward", clip=None, activation="tanh"):
    """ONNX RNN; returns (y, y_h)."""
    x = np.asarray(x)
    h = hidden_size
    nd = len(_directions(direction))
    batch = x.shape[1]
    wf, rf = _f64(w), _f64(r)
    bf = np.zeros((nd, 2 * h)) if bias is None else _f64(bias)
    act = _RNN_ACTIVATIONS[activation]

    def step(d, xt, states):
        (hp,) = states
        return [act(_clip(xt @ wf[d].T + hp @ rf[d].T + bf[d, :h] + bf[d, h:], clip))]

    init = [_initial(initial_h, nd, batch, h)]
    y, (y_h,) = _recurrence(x, sequence_lens, direction, 1, init, step)
    return _like(y, x.dtype), _like(y_h, x.dtype)


def embedding(table, indices):
    """table[indices]; an index in [-num_embeddings, 0) counts from the end,
    one out of range is an error."""
    table = np.asarray(table)
    check_index(indices, [table.shape[0]], allow_negative=True)
    idx = np.asarray(indices).astype(np.int64)
    idx = np.where(idx < 0, idx + table.shape[0], idx)
    return table[idx].copy()


# ---------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------


def _reduce_loss(loss, reduction, dtype, denominator=None):
    if reduction == "none":
        return _like(loss, dtype)
    total = loss.sum()
    if reduction == "sum":
        return _like(total, dtype)
    with np.errstate(all="ignore"):
        return _like(total / (loss.size if denominator is None else denominator), dtype)


def mse_loss(input, target, reduction="mean"):  # noqa: A002
    input = np.asarray(input)
    loss = (_f64(input) - _f64(target)) ** 2
    return _reduce_loss(loss, reduction, input.dtype)


def _log_softmax64(logits):
    m = logits.max(axis=1, keepdims=True)
    s = logits - m
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def _nll(log_probs, labels, weight, reduction, ignore_index, dtype):
    labels = np.asarray(labels).astype(np.int64)
    c = log_probs.shape[1]
    check_index(labels, [c], ignore_index=ignore_index)
    w = np.ones(c) if weight is None else _f64(weight)
    ignored = (labels == ignore_index) if ignore_index is not None else np.zeros(labels.shape, bool)
    safe = np.where(ignored, 0, labels)
    picked = np.take_along_axis(log_probs, np.expand_dims(safe, 1), axis=1).squeeze(1)
    wy = np.where(ignored, 0.0, w[safe])
    loss = -wy * picked
    return _reduce_loss(loss, reduction, dtype, denominator=wy.sum())


def softmax_cross_entropy(logits, labels, weight=None, reduction="mean", ignore_index=None):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    log_prob = _log_softmax64(_f64(logits))
    if is_float(labels):
        assert weight is None and ignore_index is None
        loss = -(_f64(labels) * log_prob).sum(axis=1)
        return _reduce_loss(loss, reduction, logits.dtype)
    return _nll(log_prob, labels, weight, reduction, ignore_index, logits.dtype)


def nll_loss(log_probs, labels, weight=None, reduction="mean", ignore_index=None):
    log_probs = np.asarray(log_probs)
    return _nll(_f64(log_probs), labels, weight, reduction, ignore_index, log_probs.dtype)


def binary_cross_entropy(probs, targets, weight=None, reduction="mean"):
    """Logs are clamped at -100 (PyTorch)."""
    probs = np.asarray(probs)
    p, t = _f64(probs), _f64(targets)
    with np.errstate(divide="ignore"):
        lp = np.maximum(np.log(p), -100.0)
        l1p = np.maximum(np.log(1.0 - p), -100.0)
    loss = -(t * lp + (1.0 - t) * l1p)
    if weight is not None:
        loss = _f64(weight) * loss
    loss = np.broadcast_to(loss, probs.shape)
    return _reduce_loss(loss, reduction, probs.dtype)


def binary_cross_entropy_with_logits(logits, targets, weight=None, pos_weight=None,
                                     reduction="mean"):
    logits = np.asarray(logits)
    x, t = _f64(logits), _f64(targets)
    p = 1.0 if pos_weight is None else _f64(pos_weight)
    w = 1.0 if weight is None else _f64(weight)
    loss = w * ((1.0 - t) * x + (1.0 + (p - 1.0) * t) * (np.log1p(np.exp(-np.abs(x)))
                                                          + np.maximum(-x, 0.0)))
    loss = np.broadcast_to(loss, logits.shape)
    return _reduce_loss(loss, reduction, logits.dtype)
